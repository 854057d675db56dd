// The demo's published course: "DeFi 101" (slug peper-defi-101), the course whose certificate the
// chain demo issues to Dave (scripts/demo/nft.ts: courseId = keccak256("peper-defi-101")). Written
// straight into the API's database before the API starts (npm start), with its audit entry, so that
// /education shows a course a visitor can open. Idempotent: an existing course with the slug is kept.
import { eq } from "drizzle-orm";

import { appendAudit } from "../../offchain/src/compliance/auditStore.ts";
import { openDatabase } from "../../offchain/src/db/index.ts";
import { educationalCourses } from "../../offchain/src/db/schema.ts";

export const DEMO_COURSE_SLUG = "peper-defi-101";

/** The modules in the API's course shape (offchain/src/api/routes/education.ts). */
export const DEMO_COURSE_MODULES = [
  {
    id: "amm-basics",
    kind: "lesson",
    title: "How an AMM prices a swap",
    body: [
      "A Peper pool holds two tokens. Its price is the ratio of its **reserves**: with 1,000,000 PEPER",
      "and 50,000 USDC in the pool, one PEPER costs 0.05 USDC.",
      "",
      "A swap keeps `x · y = k` (after the 0.3 % fee), so the bigger the trade against the reserves, the",
      "worse its average price: that difference is the **price impact** the swap form shows before you sign.",
    ].join("\n"),
  },
  {
    id: "staking-and-farming",
    kind: "lesson",
    title: "Staking and farming",
    body: [
      "**Staking** locks PEPER in the staking contract and pays PEPER rewards over a fixed period.",
      "",
      "**Farming** takes the LP tokens you receive for adding liquidity and pays rewards per block on top of",
      "the pool's swap fees. The APR shown is the current reward rate against the value deposited; it moves",
      "as others deposit and withdraw.",
    ].join("\n"),
  },
  {
    id: "governance-and-oracles",
    kind: "lesson",
    title: "Governance and oracles",
    body: [
      "PEPER holders **delegate** their votes (to themselves or someone else) and vote on proposals in the",
      "DAO; a proposal that passes is queued in the Timelock, which holds the treasury, and executed after",
      "its delay.",
      "",
      "Peper's **oracles** are three operators that each run the same engines and sign every report; the",
      "OracleHub accepts a round only with two of the three signatures.",
    ].join("\n"),
  },
  {
    id: "defi-101-quiz",
    kind: "quiz",
    title: "Check yourself",
    pass_mark: 100,
    questions: [
      {
        prompt: "What sets the price of a swap in a Peper pool?",
        choices: ["The ratio of the pool's reserves", "An order book", "The DAO"],
        answer: 0,
      },
      {
        prompt: "How many operator signatures does the OracleHub need to accept a report?",
        choices: ["One", "Two of the three", "All three"],
        answer: 1,
      },
    ],
  },
];

/**
 * Publishes DeFi 101 in the API's database (PGlite in `dataDir`, or PostgreSQL at `databaseUrl`, as
 * the API opens it), its certificates minted on `chainId`. Returns false when the course was there already.
 */
export async function publishDemoCourse(
  where: { dataDir: string; databaseUrl?: string | undefined },
  chainId: number,
  now = Date.now(),
): Promise<boolean> {
  const database = await openDatabase(
    where.databaseUrl ? { databaseUrl: where.databaseUrl } : { dataDir: where.dataDir },
  );
  try {
    const { db } = database;
    const [existing] = await db
      .select({ id: educationalCourses.id })
      .from(educationalCourses)
      .where(eq(educationalCourses.slug, DEMO_COURSE_SLUG));
    if (existing) return false;
    await db.transaction(async (tx) => {
      const at = new Date(now);
      const [row] = await tx
        .insert(educationalCourses)
        .values({
          slug: DEMO_COURSE_SLUG,
          title: "DeFi 101",
          description:
            "Peper Academy's first course: how an AMM prices a swap, staking and farming, governance and oracles. Pass the quiz and a soulbound certificate is minted to your wallet.",
          educatorId: null,
          modules: DEMO_COURSE_MODULES,
          vr: false,
          certificateChainId: chainId,
          publishedAt: at,
          createdAt: at,
        })
        .returning();
      if (!row) throw new Error(`The demo course ${DEMO_COURSE_SLUG} could not be written.`);
      await appendAudit(
        tx,
        {
          actor: "system",
          action: "education.course.create",
          target: row.id,
          details: {
            slug: DEMO_COURSE_SLUG,
            modules: DEMO_COURSE_MODULES.length,
            vr: false,
            chain_id: chainId,
            published: true,
          },
        },
        now,
      );
    });
    return true;
  } finally {
    await database.close();
  }
}
