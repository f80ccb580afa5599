-- CreateTable
CREATE TABLE "ChangeStamp" (
    "scope" TEXT NOT NULL PRIMARY KEY,
    "stamp" BIGINT NOT NULL
);

-- CreateIndex
CREATE INDEX "Project_state_categoryCode_bidDeadline_idx" ON "Project"("state", "categoryCode", "bidDeadline");

-- CreateIndex
CREATE INDEX "Project_state_bidDeadline_idx" ON "Project"("state", "bidDeadline");

-- Change stamp for the organizations a match reads (app/domain/matching-snapshot.server.ts): a new
-- random stamp on every insert / delete, and on every update of a column matching uses.
INSERT INTO "ChangeStamp" ("scope", "stamp") VALUES ('organizations', random());

CREATE TRIGGER "ChangeStamp_Organization_insert" AFTER INSERT ON "Organization"
BEGIN UPDATE "ChangeStamp" SET "stamp" = random() WHERE "scope" = 'organizations'; END;

CREATE TRIGGER "ChangeStamp_Organization_update" AFTER UPDATE OF "name", "vettingStatus", "grade", "gradeValidUntil", "foundedAt", "districtCode", "unionCoverage", "performanceScore" ON "Organization"
BEGIN UPDATE "ChangeStamp" SET "stamp" = random() WHERE "scope" = 'organizations'; END;

CREATE TRIGGER "ChangeStamp_Organization_delete" AFTER DELETE ON "Organization"
BEGIN UPDATE "ChangeStamp" SET "stamp" = random() WHERE "scope" = 'organizations'; END;

CREATE TRIGGER "ChangeStamp_OrganizationCategory_insert" AFTER INSERT ON "OrganizationCategory"
BEGIN UPDATE "ChangeStamp" SET "stamp" = random() WHERE "scope" = 'organizations'; END;

CREATE TRIGGER "ChangeStamp_OrganizationCategory_update" AFTER UPDATE ON "OrganizationCategory"
BEGIN UPDATE "ChangeStamp" SET "stamp" = random() WHERE "scope" = 'organizations'; END;

CREATE TRIGGER "ChangeStamp_OrganizationCategory_delete" AFTER DELETE ON "OrganizationCategory"
BEGIN UPDATE "ChangeStamp" SET "stamp" = random() WHERE "scope" = 'organizations'; END;

CREATE TRIGGER "ChangeStamp_OrganizationServiceDistrict_insert" AFTER INSERT ON "OrganizationServiceDistrict"
BEGIN UPDATE "ChangeStamp" SET "stamp" = random() WHERE "scope" = 'organizations'; END;

CREATE TRIGGER "ChangeStamp_OrganizationServiceDistrict_update" AFTER UPDATE ON "OrganizationServiceDistrict"
BEGIN UPDATE "ChangeStamp" SET "stamp" = random() WHERE "scope" = 'organizations'; END;

CREATE TRIGGER "ChangeStamp_OrganizationServiceDistrict_delete" AFTER DELETE ON "OrganizationServiceDistrict"
BEGIN UPDATE "ChangeStamp" SET "stamp" = random() WHERE "scope" = 'organizations'; END;
