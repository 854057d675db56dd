import { readFileSync } from "node:fs";

/**
 * Wallet screening against sanctions lists. File format (CSV, UTF-8, one header line):
 *
 *     address,list,reason
 *     0x…40 hex…,OFAC-SDN,"Lazarus Group (example entry)"
 *
 * `address`: an EVM address (any case); `list`: the list it comes from; `reason`: free text. Lines
 * starting with `#` are comments. A bad line fails loading with its line number.
 */
export interface SanctionsEntry {
  readonly address: string;
  readonly list: string;
  readonly reason: string;
}

export class SanctionsFileError extends Error {
  override name = "SanctionsFileError";
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      cells.push(cell);
      cell = "";
    } else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

export function parseSanctionsList(text: string, source = "sanctions list"): Map<string, SanctionsEntry> {
  const lines = text.split(/\r?\n/);
  const header = lines.findIndex((l) => l.trim() !== "" && !l.startsWith("#"));
  if (header < 0 || lines[header]!.trim().toLowerCase() !== "address,list,reason") {
    throw new SanctionsFileError(`${source}: the first line must be the header "address,list,reason".`);
  }
  const out = new Map<string, SanctionsEntry>();
  for (let i = header + 1; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === "" || raw.startsWith("#")) continue;
    const [address, list, reason] = splitCsvLine(raw);
    if (!address || !/^0x[0-9a-fA-F]{40}$/.test(address)) {
      throw new SanctionsFileError(`${source} line ${i + 1}: "${address ?? ""}" is not an EVM address.`);
    }
    if (!list) throw new SanctionsFileError(`${source} line ${i + 1}: the list name is missing.`);
    out.set(address.toLowerCase(), { address: address.toLowerCase(), list, reason: reason ?? "" });
  }
  return out;
}

export function loadSanctionsList(path: string): Map<string, SanctionsEntry> {
  return parseSanctionsList(readFileSync(path, "utf8"), path);
}

/** The matching entry for a wallet, or undefined when it is not listed. */
export function screenAddress(list: ReadonlyMap<string, SanctionsEntry>, address: string): SanctionsEntry | undefined {
  return list.get(address.toLowerCase());
}

/** The small list shipped for tests and the local stack (offchain/data/sanctions/test-list.csv). */
export const SHIPPED_TEST_LIST = new URL("../../data/sanctions/test-list.csv", import.meta.url).pathname;
