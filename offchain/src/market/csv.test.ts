import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { CsvFormatError, parseOhlcvCsv } from "./csv.ts";
import { loadEuStockMarkets } from "./euStocks.ts";

describe("OHLCV CSV", () => {
  it("reads dates or unix times, with and without volume, comma or semicolon", () => {
    const a = parseOhlcvCsv("Date,Open,High,Low,Close,Volume\n2024-01-02,10,12,9,11,1000\n2024-01-03,11,13,10,12,0\n");
    assert.equal(a.length, 2);
    assert.equal(a[0]!.time, Date.UTC(2024, 0, 2));
    assert.equal(a[1]!.volume, 0);
    const b = parseOhlcvCsv("timestamp;open;high;low;close\n1704153600;10;12;9;11\n");
    assert.equal(b[0]!.time, 1704153600000);
    assert.equal(b[0]!.volume, undefined);
  });

  it("names the line and column of a bad row", () => {
    const cases: [string, number, string | undefined][] = [
      ["time,open,high,low,close\n2024-01-02,10,12,9,abc\n", 2, "close"],
      ["time,open,high,low,close\n2024-01-02,10,12,9,11\n2024-01-03,10,9,9.5,10\n", 3, "high"],
      ["time,open,high,low,close\n2024-01-02,10,12,9,11\n2024-01-01,10,12,9,11\n", 3, "time"],
      ["time,open,high,low,close\n2024-01-02,10,12,9,11\nnot-a-date,10,12,9,11\n", 3, "time"],
      ["time,open,high,low,close\n2024-01-02,-1,12,9,11\n", 2, "open"],
      ["time,open,high,close\n", 1, "low"],
      ["time,open,high,low,close\n2024-01-02,10,12\n", 2, undefined],
    ];
    for (const [text, line, column] of cases) {
      assert.throws(
        () => parseOhlcvCsv(text),
        (e: unknown) =>
          e instanceof CsvFormatError && e.line === line && e.column === column && e.message.startsWith(`line ${line}`),
        `${line} ${column}`,
      );
    }
  });
});

describe("shipped data set", () => {
  it("has 1 860 days of four real indices, starting where R's series starts", () => {
    const m = loadEuStockMarkets();
    assert.equal(m.time.length, 1860);
    assert.equal(m.closes.DAX[0], 1628.75);
    assert.equal(m.closes.DAX[1859], 5473.72);
    assert.equal(m.closes.FTSE[1859], 5455);
  });
});
