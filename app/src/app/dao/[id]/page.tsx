import { ProposalView } from "../../../components/dao/ProposalView.tsx";

export default async function ProposalPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ProposalView id={id} />;
}
