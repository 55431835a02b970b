// Stand-in for the `server-only` marker package under Vitest, which runs outside the react-server condition.
export {};
