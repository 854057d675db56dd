// Certificates (soulbound, ERC-5192): issued and revoked course certificates.
import { CertificateIssued, CertificateRevoked } from "../../generated/Certificates/Certificates";
import { Certificate, Course } from "../../generated/schema";
import { u256 } from "../helpers/ids";
import { getOrCreateAccount, getOrCreateProtocol } from "../helpers/protocol";

export function handleCertificateIssued(event: CertificateIssued): void {
  const p = event.params;
  let course = Course.load(p.courseId);
  if (course == null) {
    course = new Course(p.courseId);
    course.issuedCount = 0;
    course.revokedCount = 0;
  }
  course.issuedCount = course.issuedCount + 1;
  course.save();

  const certificate = new Certificate(event.address.concat(u256(p.tokenId)));
  certificate.tokenId = p.tokenId;
  certificate.learner = getOrCreateAccount(p.learner, event).id;
  certificate.course = course.id;
  certificate.completedAt = p.completedAt;
  certificate.cid = p.cid;
  certificate.issuedAt = event.block.timestamp;
  certificate.issuedTx = event.transaction.hash;
  certificate.revoked = false;
  certificate.save();

  const protocol = getOrCreateProtocol();
  protocol.certificatesIssued = protocol.certificatesIssued + 1;
  protocol.save();
}

export function handleCertificateRevoked(event: CertificateRevoked): void {
  const certificate = Certificate.load(event.address.concat(u256(event.params.tokenId)));
  if (certificate == null) return;
  certificate.revoked = true;
  certificate.revokedAt = event.block.timestamp;
  certificate.revokedBy = event.params.issuer;
  certificate.revokeReason = event.params.reason;
  certificate.save();

  const course = Course.load(certificate.course);
  if (course != null) {
    course.revokedCount = course.revokedCount + 1;
    course.save();
  }
  const protocol = getOrCreateProtocol();
  protocol.certificatesRevoked = protocol.certificatesRevoked + 1;
  protocol.save();
}
