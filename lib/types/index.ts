// Types shared by server and client, one file per subject. No runtime imports in this folder: client
// components import it (docs/architecture.md).
export * from "./snapshot";
export * from "./records";
export * from "./live";
