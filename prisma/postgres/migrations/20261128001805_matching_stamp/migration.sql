-- CreateTable
CREATE TABLE "ChangeStamp" (
    "scope" TEXT NOT NULL,
    "stamp" BIGINT NOT NULL,

    CONSTRAINT "ChangeStamp_pkey" PRIMARY KEY ("scope")
);

-- CreateIndex
CREATE INDEX "Project_state_categoryCode_bidDeadline_idx" ON "Project"("state", "categoryCode", "bidDeadline");

-- CreateIndex
CREATE INDEX "Project_state_bidDeadline_idx" ON "Project"("state", "bidDeadline");

-- Change stamp for the organizations a match reads (app/domain/matching-snapshot.server.ts): a new
-- random stamp after every statement that inserts, deletes or truncates, or updates a column
-- matching uses.
INSERT INTO "ChangeStamp" ("scope", "stamp") VALUES ('organizations', floor(random() * 9e15)::bigint);

CREATE FUNCTION "change_stamp_organizations"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "ChangeStamp" SET "stamp" = floor(random() * 9e15)::bigint WHERE "scope" = 'organizations';
  RETURN NULL;
END
$$;

CREATE TRIGGER "ChangeStamp_Organization"
AFTER INSERT OR DELETE OR UPDATE OF "name", "vettingStatus", "grade", "gradeValidUntil", "foundedAt", "districtCode", "unionCoverage", "performanceScore"
ON "Organization" FOR EACH STATEMENT EXECUTE FUNCTION "change_stamp_organizations"();
CREATE TRIGGER "ChangeStamp_Organization_truncate" AFTER TRUNCATE ON "Organization" FOR EACH STATEMENT EXECUTE FUNCTION "change_stamp_organizations"();

CREATE TRIGGER "ChangeStamp_OrganizationCategory" AFTER INSERT OR DELETE OR UPDATE ON "OrganizationCategory" FOR EACH STATEMENT EXECUTE FUNCTION "change_stamp_organizations"();
CREATE TRIGGER "ChangeStamp_OrganizationCategory_truncate" AFTER TRUNCATE ON "OrganizationCategory" FOR EACH STATEMENT EXECUTE FUNCTION "change_stamp_organizations"();

CREATE TRIGGER "ChangeStamp_OrganizationServiceDistrict" AFTER INSERT OR DELETE OR UPDATE ON "OrganizationServiceDistrict" FOR EACH STATEMENT EXECUTE FUNCTION "change_stamp_organizations"();
CREATE TRIGGER "ChangeStamp_OrganizationServiceDistrict_truncate" AFTER TRUNCATE ON "OrganizationServiceDistrict" FOR EACH STATEMENT EXECUTE FUNCTION "change_stamp_organizations"();
