import type { Metadata } from "next";
import type { ReactNode } from "react";
import { LiveProvider } from "@/components/live/live-provider";
import { LiveTab } from "@/components/live/live-tab";
import { Nav } from "@/components/ui/nav";
import { mayReadPages } from "@/lib/auth/page-session";
import { getConfig } from "@/lib/runtime";
import "./globals.css";
import { Providers } from "./providers";

export const dynamic = "force-dynamic";

/** The page title names the incident so a browser tab says what it watches; a visitor who may not read sees none. */
export async function generateMetadata(): Promise<Metadata> {
  const { incident } = getConfig();
  return { title: (await mayReadPages()) ? `${incident.id} · ${incident.title} — Handback` : "Sign in — Handback" };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const incident = (await mayReadPages()) ? getConfig().incident : null;
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <Providers>
          <LiveProvider>
            {incident ? <LiveTab /> : null}
            <Nav incidentId={incident?.id ?? null} />
            <main className="mx-auto max-w-6xl p-4">{children}</main>
          </LiveProvider>
        </Providers>
      </body>
    </html>
  );
}
