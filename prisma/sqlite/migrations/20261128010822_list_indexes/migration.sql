-- DropIndex
DROP INDEX "Project_state_idx";

-- CreateIndex
CREATE INDEX "Award_organizationId_idx" ON "Award"("organizationId");

-- CreateIndex
CREATE INDEX "Project_state_bundleId_idx" ON "Project"("state", "bundleId");

-- CreateIndex
CREATE INDEX "Project_updatedAt_id_idx" ON "Project"("updatedAt", "id");

-- CreateIndex
CREATE INDEX "Project_state_updatedAt_id_idx" ON "Project"("state", "updatedAt", "id");

-- CreateIndex
CREATE INDEX "Project_isBundle_idx" ON "Project"("isBundle");
