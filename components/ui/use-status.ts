"use client";
import { useQuery } from "@tanstack/react-query";
import { statusQuery } from "@/lib/queries/status";

/** The live incident snapshot for client components. */
export function useStatus() {
  return useQuery(statusQuery());
}
