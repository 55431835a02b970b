"use client";
import { useQuery } from "@tanstack/react-query";
import { sessionQuery } from "@/lib/queries/session";

/** The signed-in principal (name, role) or null; components show write controls only for the right role. */
export function useSession() {
  return useQuery(sessionQuery()).data ?? null;
}
