// What a pinned fingerprint accepts (agent/security/tls.ts pinMismatch): the server certificate
// itself, or the CA in the chain the server sent that issued it — a cluster's CA, one pin for every
// member — provided the certificate names the address dialled; never a certificate that merely
// claims a CA that did not sign it.
import t from "tap";
import { X509Certificate } from "node:crypto";
import type { DetailedPeerCertificate } from "node:tls";
import { createCa, issueServerCertificate } from "../../agent/security/certs";
import { pinMismatch } from "../../agent/security";

/** The peer certificate as Node's TLS hands it over: the leaf, then its issuer (a self-signed root points at itself). */
function peer(leafPem: string, caPem?: string): DetailedPeerCertificate {
  const root = caPem ? ({ raw: new X509Certificate(caPem).raw } as DetailedPeerCertificate) : undefined;
  if (root) root.issuerCertificate = root;
  const leaf = { raw: new X509Certificate(leafPem).raw } as DetailedPeerCertificate;
  leaf.issuerCertificate = root ?? leaf;
  return leaf;
}

t.test("a pin is the server certificate or its issuing CA", async (t) => {
  const cluster = await createCa("corral CA cluster test");
  const other = await createCa("corral CA other test");
  const member = await issueServerCertificate(cluster, "m2", { dns: ["m2"], ips: ["10.1.2.2", "127.0.0.1"] });
  const stranger = await issueServerCertificate(other, "x", { dns: [], ips: ["10.1.2.2"] });

  t.equal(pinMismatch(peer(member.certPem, cluster.certPem), member.fingerprint, "10.9.9.9"), undefined, "the certificate's own fingerprint: accepted whatever the address (the pin is the identity)");
  t.equal(pinMismatch(peer(member.certPem, cluster.certPem), cluster.fingerprint, "10.1.2.2"), undefined, "the cluster CA's fingerprint: a member certificate naming the address dialled is accepted");
  t.equal(pinMismatch(peer(member.certPem, cluster.certPem), cluster.fingerprint, "m2"), undefined, "by DNS name too");
  t.equal(pinMismatch(peer(member.certPem, cluster.certPem), cluster.fingerprint, "10.1.2.3"),
    `certificate ${member.fingerprint} from the pinned CA does not name 10.1.2.3`, "but not at an address it does not name");
  t.equal(pinMismatch(peer(stranger.certPem, other.certPem), cluster.fingerprint, "10.1.2.2"),
    `fingerprint ${stranger.fingerprint} does not match the pinned ${cluster.fingerprint}`, "a certificate from another CA is refused");
  t.equal(pinMismatch(peer(stranger.certPem, cluster.certPem), cluster.fingerprint, "10.1.2.2"),
    `fingerprint ${stranger.fingerprint} is not signed by the pinned CA ${cluster.fingerprint}`, "and so is one sent with the cluster CA that did not sign it");
  t.equal(pinMismatch(peer(member.certPem), cluster.fingerprint, "10.1.2.2"),
    `fingerprint ${member.fingerprint} does not match the pinned ${cluster.fingerprint}`, "without the CA in the chain, only the certificate's own fingerprint counts");
});
