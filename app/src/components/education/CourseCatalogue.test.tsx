import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { CourseSummary } from "../../lib/education.ts";
import { renderWithIntl } from "../../test/render.tsx";
import { CourseCatalogue } from "./CourseCatalogue.tsx";

const course = (patch: Partial<CourseSummary>): CourseSummary => ({
  id: "7d1f0d56-1d7c-4c7e-9a43-3d0c2a5b9e01",
  slug: "defi-101",
  title: "DeFi 101",
  description: "Swaps and pools.",
  vr: false,
  chain_id: 31337,
  certificate_course_id: "0x838d9f1f0d897fe4dd3c53dc789f74c67e8991ff46efb627a17f16e5709e602b",
  module_count: 2,
  published: true,
  published_at: "2026-12-01T00:00:00.000Z",
  educator_id: null,
  created_at: "2026-12-01T00:00:00.000Z",
  ...patch,
});

/** The API's catalogue, and the subgraph (POST /subgraph/<chainId>) with `issued` certificates per course id. */
function serve(courses: CourseSummary[], issued: Record<string, number> = {}) {
  const fetchMock = vi.fn(async (url: string) =>
    url.startsWith("/subgraph/")
      ? Response.json({
          data: {
            courses: Object.entries(issued).map(([id, n]) => ({ id, issuedCount: n + 1, revokedCount: 1 })),
          },
        })
      : Response.json({ courses, next_cursor: null }),
  );
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

function renderCatalogue(onOpen = vi.fn()) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  renderWithIntl(
    <QueryClientProvider client={client}>
      <CourseCatalogue signedIn={false} address={undefined} role={undefined} enrolments={[]} onOpen={onOpen} />
    </QueryClientProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("CourseCatalogue", () => {
  it("asks the API for the published courses and explains how courses appear when there are none", async () => {
    const fetchMock = serve([]);
    renderCatalogue();
    expect((await screen.findByTestId("catalogue-empty")).textContent).toMatch(
      /^No course is published yet\. Courses appear here once an educator creates one and publishes it/,
    );
    expect(fetchMock).toHaveBeenCalledWith(
      "/api/v5/education/courses?limit=20",
      expect.objectContaining({ method: "GET" }),
    );
  });

  it("lists courses and opens one by its slug; only drafts the caller manages can be published", async () => {
    serve([
      course({}),
      course({ id: "0b7c5a2e-6f1d-4f59-8a43-0c1d2e3f4a5b", slug: "draft-1", title: "Draft one", published: false }),
      course({
        id: "1c8d6b3f-7a2e-4a6a-9b54-1d2e3f4a5b6c",
        slug: "mine",
        title: "Mine",
        published: false,
        educator_id: "2d9e7c4a-8b3f-4b7b-8c65-2e3f4a5b6c7d",
      }),
    ]);
    const onOpen = vi.fn();
    renderCatalogue(onOpen);
    const card = await screen.findByRole("article", { name: "DeFi 101" });
    expect(card.textContent).toContain("Modules: 2");
    expect(screen.getByRole("article", { name: "Draft one" }).textContent).toContain("Draft");
    expect(screen.getAllByRole("button", { name: /^Publish/ }).map((b) => b.getAttribute("aria-label"))).toEqual([
      "Publish “Mine”",
    ]);
    await userEvent.setup().click(card.querySelector("button")!);
    expect(onOpen).toHaveBeenCalledWith("defi-101");
  });

  it("says how many certificates of each course are on chain (issued less revoked), from the subgraph", async () => {
    const fetchMock = serve(
      [
        course({}),
        course({
          id: "0b7c5a2e-6f1d-4f59-8a43-0c1d2e3f4a5b",
          slug: "other",
          title: "Other",
          certificate_course_id: "0x01",
        }),
      ],
      {
        "0x838d9f1f0d897fe4dd3c53dc789f74c67e8991ff46efb627a17f16e5709e602b": 1,
      },
    );
    renderCatalogue();
    const card = await screen.findByRole("article", { name: "DeFi 101" });
    await vi.waitFor(() => expect(card.textContent).toContain("1 certificate on chain"));
    expect(screen.getByRole("article", { name: "Other" }).textContent).toContain("no certificate on chain yet");
    expect(fetchMock).toHaveBeenCalledWith("/subgraph/31337", expect.objectContaining({ method: "POST" }));
  });
});
