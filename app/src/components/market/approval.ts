/**
 * What the sell forms do about the marketplace's approval (isApprovedForAll), from the state of its
 * read. Until the read has answered they wait (a listing or signed order made before the approval
 * could not be filled); if it could not be read at all they offer the approval (setApprovalForAll is
 * harmless to repeat) rather than sign something the marketplace may not be able to move. A failed
 * background refetch keeps the last answer, so an approved seller stays approved. Pure.
 */
export function approvalState(
  read: { data?: boolean | undefined; isError: boolean; isLoading: boolean },
  connected: boolean,
): { needsApproval: boolean; checkingApproval: boolean } {
  return {
    needsApproval: read.data === false || (read.data === undefined && read.isError),
    checkingApproval: connected && read.isLoading,
  };
}
