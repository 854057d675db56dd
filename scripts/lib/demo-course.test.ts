import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

import { openDatabase } from "../../offchain/src/db/index.ts";
import { auditLog, educationalCourses } from "../../offchain/src/db/schema.ts";
import { DEMO_COURSE_MODULES, DEMO_COURSE_SLUG, publishDemoCourse } from "./demo-course.ts";

describe("the demo course", () => {
  it("publishes DeFi 101 once, with its audit entry, and keeps it on the next start", async () => {
    const dir = mkdtempSync(join(tmpdir(), "peper-demo-course-"));
    try {
      assert.equal(await publishDemoCourse({ dataDir: dir }, 31337, Date.UTC(2026, 0, 2)), true);
      assert.equal(await publishDemoCourse({ dataDir: dir }, 31337), false);
      const database = await openDatabase({ dataDir: dir });
      try {
        const rows = await database.db.select().from(educationalCourses);
        assert.equal(rows.length, 1);
        const [course] = rows;
        assert.equal(course!.slug, DEMO_COURSE_SLUG);
        assert.equal(course!.title, "DeFi 101");
        assert.equal(course!.certificateChainId, 31337);
        assert.equal(course!.publishedAt?.toISOString(), "2026-01-02T00:00:00.000Z");
        assert.equal((course!.modules as unknown[]).length, DEMO_COURSE_MODULES.length);
        const audit = await database.db.select().from(auditLog);
        assert.deepEqual(
          audit.map((a) => [a.action, a.target]),
          [["education.course.create", course!.id]],
        );
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
