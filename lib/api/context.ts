import "server-only";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { EventBus } from "../events/bus";
import { getBus, getConfig, getDb, getWorkflow } from "../runtime";

/** What a write route needs: config, storage, the bus, and a way to bring criteria up to date. */
export async function writeContext(): Promise<{ config: ReturnType<typeof getConfig>; db: Db; bus: EventBus; settle: () => Promise<void> }> {
  const workflow = getWorkflow();
  return { config: getConfig(), db: await getDb(), bus: getBus(), settle: async () => workflow?.now() };
}

/** Finds a config item by id or throws a 404 naming what was looked for. */
export function findOr404<T extends { id: string }>(items: readonly T[], id: string, what: string): T {
  const item = items.find((candidate) => candidate.id === id);
  if (!item) throw new AppError("NOT_FOUND", `no ${what} with id "${id}"`);
  return item;
}
