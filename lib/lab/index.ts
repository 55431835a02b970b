// The fault lab: loopback servers that fail on command, for the demo and the tests. Everything binds 127.0.0.1.
export { CERTIFICATE_KINDS, issueClientCertificate, issueTestCertificate, loadTestCaPem, WRONG_HOSTNAME, type CertificateKind, type TestCertificate } from "./certificates";
export { startDnsServer, type DnsMode, type DnsRecords, type DnsServer, type DnsServerOptions } from "./dns-server";
export { DNS_RCODES, DNS_TYPES, encodeDnsQuery, readDnsHeader, type DnsHeader, type DnsRecordSet } from "./dns-wire";
export { startFaultProxy, type FaultProxy, type FaultProxyOptions, type ProxyMode, type ProxyModeOptions } from "./fault-proxy";
export {
  startHttpTarget, type HttpMode, type HttpModeOptions, type HttpRoute, type HttpRouteRequest, type HttpTarget,
  type HttpTargetOptions,
} from "./http-target";
export { LOOPBACK } from "./loopback";
export { startRedisFake, type RedisFake, type RedisFakeMode, type RedisFakeModeOptions } from "./redis-fake";
export { findRefusedPort, startTcpBlackhole, type BlackholeMode, type TcpBlackhole } from "./tcp-blackhole";
export { startTlsTarget, TLS_GREETING, type TlsMode, type TlsTarget, type TlsTargetOptions } from "./tls-target";
export {
  startWebSocketTarget, type WebSocketMode, type WebSocketModeOptions, type WebSocketTarget, type WebSocketTargetOptions,
} from "./websocket-target";
