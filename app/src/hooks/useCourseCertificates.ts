"use client";
import { useQuery } from "@tanstack/react-query";
import * as v from "valibot";

import { intField, querySubgraph } from "../data/subgraph.ts";

const COURSES = v.object({
  courses: v.array(
    v.object({
      id: v.string(),
      issuedCount: intField,
      revokedCount: intField,
    }),
  ),
});

const QUERY = /* GraphQL */ `
  query CourseCertificates($ids: [Bytes!]!) {
    courses(first: 100, where: { id_in: $ids }) {
      id
      issuedCount
      revokedCount
    }
  }
`;

/**
 * Certificates each course has on chain (the subgraph's Certificates index), keyed by the course's
 * `certificate_course_id` (keccak256 of its slug), for courses whose certificates live on `chainId`.
 * Public data: no wallet or sign-in.
 */
export function useCourseCertificates(chainId: number | undefined, courseIds: readonly string[]) {
  const ids = [...new Set(courseIds.map((id) => id.toLowerCase()))].sort();
  return useQuery({
    queryKey: ["courseCertificates", chainId, ids],
    enabled: chainId !== undefined && ids.length > 0,
    refetchInterval: 30_000,
    queryFn: async () => {
      const data = await querySubgraph(chainId!, QUERY, COURSES, { ids });
      return new Map(data.courses.map((c) => [c.id.toLowerCase(), c.issuedCount - c.revokedCount]));
    },
  });
}
