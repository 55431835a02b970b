// Types of server-flags.mjs for the TypeScript tests that import it.
export declare const SERVER_NODE_FLAGS: string[];
