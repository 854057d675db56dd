"use client";
import { useQuery } from "@tanstack/react-query";

import { api, retryUnlessRefused } from "../../lib/apiClient.ts";
import { certificatePending, type Certificate, type EnrolmentPage } from "../../lib/education.ts";

/** The signed-in user's enrolments with progress (the newest 100). */
export function useEnrolments(signedIn: boolean, address: string | undefined) {
  return useQuery({
    queryKey: ["enrolments", address?.toLowerCase()],
    enabled: signedIn,
    retry: retryUnlessRefused,
    queryFn: () => api<EnrolmentPage>("/education/enrolments?limit=100", { auth: true }),
  });
}

/** The signed-in user's certificates and their place in the minting queue; polled while one is pending. */
export function useCertificates(signedIn: boolean, address: string | undefined) {
  return useQuery({
    queryKey: ["certificates", address?.toLowerCase()],
    enabled: signedIn,
    retry: retryUnlessRefused,
    refetchInterval: (query) =>
      query.state.data?.certificates.some((c) => certificatePending(c.status)) ? 5_000 : false,
    queryFn: () =>
      api<{ certificates: Certificate[]; next_cursor: string | null }>("/education/certificates?limit=100", {
        auth: true,
      }),
  });
}
