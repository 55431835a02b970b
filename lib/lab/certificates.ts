import "server-only";
import { generateKeyPair, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import forge from "node-forge";

/**
 * Leaf certificates the lab can serve. `valid`, `expired`, `not-yet-valid` and `expiring-soon` (3 days left)
 * name the hostname, localhost and 127.0.0.1 and chain to the lab CA; `wrong-host` chains to the CA but
 * names only WRONG_HOSTNAME; `self-signed` names the right hosts but chains to nothing.
 */
export type CertificateKind = "valid" | "expired" | "not-yet-valid" | "expiring-soon" | "wrong-host" | "self-signed";

/** Every certificate kind, for table-driven tests and pickers. */
export const CERTIFICATE_KINDS: readonly CertificateKind[] = [
  "valid", "expired", "not-yet-valid", "expiring-soon", "wrong-host", "self-signed",
];

/** The only name a `wrong-host` certificate carries (.invalid never resolves: RFC 2606). */
export const WRONG_HOSTNAME = "wrong-host.lab.invalid";

/** A PEM certificate and key, with the validity dates written into it. */
export interface TestCertificate {
  kind: CertificateKind;
  certPem: string;
  keyPem: string;
  notBefore: Date;
  notAfter: Date;
}

interface KeyPair {
  pem: string;
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
}

interface Authority {
  cert: forge.pki.Certificate;
  certPem: string;
  key: KeyPair;
}

const DAY = 86_400_000;
const generateRsa = promisify(generateKeyPair);
// RSA keys come from Node's native crypto (fast); node-forge only builds and signs certificates, and it
// cannot sign with EC keys. Everything is cached per process so tests pay the cost once.
let authority: Promise<Authority> | undefined;
let leafKey: Promise<KeyPair> | undefined;
const issued = new Map<string, Promise<TestCertificate>>();

/** Returns the lab CA certificate (PEM) that `valid`, `expired`, … chain to: pass it as `ca` to tls.connect. */
export async function loadTestCaPem(): Promise<string> {
  return (await loadAuthority()).certPem;
}

/** Issues (once per process, then from cache) a certificate of `kind` for `hostname`. */
export function issueTestCertificate(kind: CertificateKind, hostname: string): Promise<TestCertificate> {
  const cacheKey = `${kind} ${hostname}`;
  let certificate = issued.get(cacheKey);
  if (!certificate) {
    certificate = createLeaf(kind, hostname);
    issued.set(cacheKey, certificate);
  }
  return certificate;
}

let clientKey: Promise<KeyPair> | undefined;
const clients = new Map<string, Promise<Pick<TestCertificate, "certPem" | "keyPem">>>();

/** Issues (once per process and name) a client certificate for mutual TLS, signed by the lab CA, with its own key. */
export function issueClientCertificate(commonName: string): Promise<Pick<TestCertificate, "certPem" | "keyPem">> {
  let certificate = clients.get(commonName);
  if (!certificate) {
    clientKey ??= createKeyPair();
    certificate = Promise.all([loadAuthority(), clientKey]).then(([ca, key]) => {
      const [notBefore, notAfter] = validityOf("valid");
      const cert = buildCertificate(key.publicKey, [{ name: "commonName", value: commonName }], ca.cert.subject.attributes, notBefore, notAfter);
      cert.setExtensions([
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
        { name: "extKeyUsage", clientAuth: true },
      ]);
      cert.sign(ca.key.privateKey, forge.md.sha256.create());
      return { certPem: forge.pki.certificateToPem(cert), keyPem: key.pem };
    });
    clients.set(commonName, certificate);
  }
  return certificate;
}

/** Creates a 2048-bit RSA key pair (the smallest size OpenSSL's default security level accepts). */
async function createKeyPair(): Promise<KeyPair> {
  const { privateKey } = await generateRsa("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { pem: privateKey, privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

/** Builds the self-signed lab CA once per process. */
function loadAuthority(): Promise<Authority> {
  authority ??= createKeyPair().then((key) => {
    const subject = [{ name: "commonName", value: "Handback Fault Lab CA" }, { name: "organizationName", value: "Handback lab" }];
    const cert = buildCertificate(key.publicKey, subject, subject, Date.now() - DAY, Date.now() + 3650 * DAY);
    cert.setExtensions([
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
      { name: "subjectKeyIdentifier" },
    ]);
    cert.sign(key.privateKey, forge.md.sha256.create());
    return { cert, certPem: forge.pki.certificateToPem(cert), key };
  });
  return authority;
}

/** Validity window [notBefore, notAfter] in epoch ms for each kind. */
function validityOf(kind: CertificateKind): [number, number] {
  const now = Date.now();
  if (kind === "expired") return [now - 60 * DAY, now - DAY];
  if (kind === "not-yet-valid") return [now + DAY, now + 90 * DAY];
  if (kind === "expiring-soon") return [now - 30 * DAY, now + 3 * DAY];
  return [now - DAY, now + 90 * DAY];
}

/** Issues one leaf certificate, signed by the lab CA (or by itself for `self-signed`). */
async function createLeaf(kind: CertificateKind, hostname: string): Promise<TestCertificate> {
  leafKey ??= createKeyPair();
  const [ca, key] = await Promise.all([loadAuthority(), leafKey]);
  const name = kind === "wrong-host" ? WRONG_HOSTNAME : hostname;
  const subject = [{ name: "commonName", value: name }];
  const selfSigned = kind === "self-signed";
  const [notBefore, notAfter] = validityOf(kind);
  const issuer = selfSigned ? subject : ca.cert.subject.attributes;
  const cert = buildCertificate(key.publicKey, subject, issuer, notBefore, notAfter);
  const altNames = kind === "wrong-host"
    ? [{ type: 2, value: name }]
    : [{ type: 2, value: name }, { type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }];
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    { name: "subjectAltName", altNames },
    { name: "subjectKeyIdentifier" },
    ...(selfSigned ? [] : [{ name: "authorityKeyIdentifier", keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() }]),
  ]);
  cert.sign(selfSigned ? key.privateKey : ca.key.privateKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  return { kind, certPem, keyPem: key.pem, notBefore: new Date(notBefore), notAfter: new Date(notAfter) };
}

/** Creates an unsigned v3 certificate with a random positive serial number. */
function buildCertificate(
  publicKey: forge.pki.rsa.PublicKey,
  subject: forge.pki.CertificateField[],
  issuer: forge.pki.CertificateField[],
  notBefore: number,
  notAfter: number,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(15).toString("hex")}`;
  cert.validity.notBefore = new Date(notBefore);
  cert.validity.notAfter = new Date(notAfter);
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  return cert;
}
