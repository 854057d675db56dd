import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

import { EngineInputError } from "../errors.ts";
import {
  EU_EVENTS,
  EU_EVENTS_OUTSIDE_DATA,
  EU_INDICES,
  EU_ROWS,
  businessDayIndex,
  dateOfRow,
  euLabelsFor,
  rTimeOfRow,
  type EuIndex,
} from "./eu-events.ts";
import { detectSpikesInCloses } from "./lif.ts";

/** The shipped CSV, parsed simply: time column and the four closes. */
function loadCsv(): { time: number[]; closes: Record<EuIndex, number[]> } {
  const url = new URL("../../../data/eu-stock-markets.csv", import.meta.url);
  const lines = readFileSync(url, "utf8").trim().split(/\r?\n/);
  assert.equal(lines[0], "index,time,DAX,SMI,CAC,FTSE");
  const time: number[] = [];
  const closes: Record<EuIndex, number[]> = { DAX: [], SMI: [], CAC: [], FTSE: [] };
  for (const line of lines.slice(1)) {
    const cells = line.split(",").map(Number);
    time.push(cells[1]!);
    EU_INDICES.forEach((name, k) => closes[name].push(cells[k + 2]!));
  }
  return { time, closes };
}

const data = loadCsv();
const logReturn = (name: EuIndex, row: number) => Math.log(data.closes[name][row]! / data.closes[name][row - 1]!);

describe("EU data: business-day mapping", () => {
  it("counts weekdays from Monday 1 July 1991", () => {
    assert.equal(businessDayIndex("1991-07-01"), 0);
    assert.equal(businessDayIndex("1991-07-05"), 4);
    assert.equal(businessDayIndex("1991-07-06"), 5); // Saturday → Monday's row
    assert.equal(businessDayIndex("1991-07-07"), 5); // Sunday → Monday's row
    assert.equal(businessDayIndex("1991-07-08"), 5);
    assert.equal(businessDayIndex("1992-02-28"), 174);
    assert.equal(businessDayIndex("1992-03-02"), 175); // across a leap day
    assert.equal(businessDayIndex("1998-08-14"), EU_ROWS - 1);
  });

  it("round-trips every row through its date", () => {
    for (let row = 0; row < EU_ROWS; row++) {
      const date = dateOfRow(row);
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      assert.ok(weekday >= 1 && weekday <= 5, `${date} is a weekday`);
      assert.equal(businessDayIndex(date), row);
    }
  });

  it("agrees with the CSV's time column (R: 1991 + (129 + row)/260) on every row", () => {
    assert.equal(data.time.length, EU_ROWS);
    data.time.forEach((t, row) => assert.ok(Math.abs(t - rTimeOfRow(row)) < 1e-6, `row ${row}: ${t}`));
  });

  it("lands on undisputed market moves (anchors), with no drift from 1991 to 1998", () => {
    const coup = businessDayIndex("1991-08-19");
    const allMoves = EU_INDICES.flatMap((name) =>
      data.closes[name].slice(1).map((_, k) => [Math.abs(logReturn(name, k + 1)), k + 1]),
    );
    const largest = allMoves.reduce((a, b) => (b[0]! > a[0]! ? b : a));
    assert.equal(largest[1], coup, "the Soviet coup is the largest move of the data");
    assert.ok(logReturn("DAX", coup) < -0.09);
    assert.ok(logReturn("FTSE", businessDayIndex("1992-04-10")) > 0.05, "FTSE rally after the UK election");
    assert.ok(logReturn("DAX", businessDayIndex("1997-10-28")) < -0.05, "European fall of 28 Oct 1997");
    const dax = data.closes.DAX;
    assert.equal(dax.indexOf(Math.max(...dax)), businessDayIndex("1998-07-20"), "DAX record close of 20 Jul 1998");
  });

  it("differs from a calendar-fraction reading of R's time by about 7 rows in 1998", () => {
    const calendarRow = (date: string) => {
      const ms = Date.parse(`${date}T00:00:00Z`);
      const year = new Date(ms).getUTCFullYear();
      const start = Date.UTC(year, 0, 1);
      const fraction = (ms - start) / (Date.UTC(year + 1, 0, 1) - start);
      return Math.round((year + fraction - rTimeOfRow(0)) * 260);
    };
    assert.equal(calendarRow("1991-08-19"), businessDayIndex("1991-08-19"));
    assert.equal(businessDayIndex("1998-07-20") - calendarRow("1998-07-20"), 7);
  });

  it("rejects malformed dates and dates outside the data, naming the field", () => {
    const check = (fn: () => unknown, field: string) =>
      assert.throws(fn, (e: unknown) => e instanceof EngineInputError && e.field === field);
    check(() => businessDayIndex("1992-02-30"), "date");
    check(() => businessDayIndex("19920210"), "date");
    check(() => businessDayIndex("1991-06-28"), "date");
    check(() => dateOfRow(EU_ROWS), "row");
    for (const outside of EU_EVENTS_OUTSIDE_DATA) check(() => businessDayIndex(outside.date), "date");
  });
});

describe("EU data: documented events", () => {
  it("commits each event's row as computed from its date", () => {
    assert.ok(EU_EVENTS.length >= 8);
    for (const event of EU_EVENTS) {
      assert.equal(event.index, businessDayIndex(event.date), `${event.date}: ${event.description}`);
      assert.ok(event.description.length > 10);
      assert.ok(event.indices.length >= 1);
    }
  });

  it("selects the labels of one index", () => {
    assert.ok(euLabelsFor("FTSE").some((e) => e.date === "1992-04-10"));
    assert.ok(!euLabelsFor("DAX").some((e) => e.date === "1992-04-10"));
  });

  it("the LIF network flags the coup's fall in every index at its row", () => {
    for (const name of EU_INDICES) {
      const events = detectSpikesInCloses(data.closes[name]);
      assert.ok(
        events.some((e) => e.index === 35 && e.kind === "jump-down"),
        name,
      );
    }
  });
});
