import { describe, expect, it } from "vitest";
import { foldByRootCause, rootCauseText } from "@/components/matrix/fold";
import type { ComponentView } from "@/lib/types";

const view = (id: string, rootCause: string[] = []) => ({ id, rootCause, status: rootCause.length ? "down" : "operational" }) as ComponentView;
const ids = (views: ComponentView[]) => views.map((component) => component.id);

describe("foldByRootCause", () => {
  it("puts each symptom under every root it names, in config order, and keeps the rest apart", () => {
    const { folds, rest } = foldByRootCause([view("web", ["db", "dns"]), view("dns"), view("api", ["db"]), view("db"), view("queue")]);
    expect(folds.map((fold) => [fold.root.id, ids(fold.symptoms)])).toEqual([
      ["dns", ["web"]],
      ["db", ["web", "api"]],
    ]);
    expect(ids(rest)).toEqual(["queue"]);
  });

  it("folds nothing when no component has a root cause", () => {
    expect(foldByRootCause([view("a"), view("b")])).toMatchObject({ folds: [], rest: [{ id: "a" }, { id: "b" }] });
  });
});

describe("rootCauseText", () => {
  const names = new Map([["vpc-connector", "VPC connector"]]);
  it.each<[string[], string | null]>([
    [[], null],
    [["vpc-connector"], "down (upstream: VPC connector)"],
    [["vpc-connector", "ghost"], "down (upstream: VPC connector, ghost)"],
  ])("%j → %s", (rootCause, expected) => {
    expect(rootCauseText({ status: "down", rootCause }, names)).toBe(expected);
  });
});
