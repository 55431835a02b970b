import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Next's flat configs (core web vitals + typescript-eslint), plus the folders that are generated or vendored.
const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", ".next-*/**", "node_modules/**", ".handback/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
];

export default config;
