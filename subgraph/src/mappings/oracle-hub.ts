// OracleHub: operator configurations, feeds, accepted reports and their signers.
import { Bytes } from "@graphprotocol/graph-ts";

import { ConfigSet, FeedSet, MaxReportAgeSet, ReportAccepted } from "../../generated/OracleHub/OracleHub";
import { OracleConfig, OracleFeedBinding, OracleOperator, OracleReport } from "../../generated/schema";
import { ADDRESS_ZERO, ONE_BI } from "../helpers/constants";
import { configId, getOrCreateFeed, getOrCreateHub, getOrCreateOperator, reportId, testBit } from "../helpers/oracle";
import { getOrCreateProtocol } from "../helpers/protocol";

export function handleConfigSet(event: ConfigSet): void {
  const hub = getOrCreateHub(event.address);
  const version = event.params.configVersion;
  const operators = event.params.operators;

  // The previous set stops signing: deactivate it, then activate the new one in index order.
  const previousId = hub.currentConfig;
  if (previousId !== null) {
    const previous = OracleConfig.load(previousId);
    if (previous != null) {
      const old = previous.operators;
      for (let i = 0; i < old.length; i++) {
        const operator = OracleOperator.load(old[i]);
        if (operator == null) continue;
        operator.active = false;
        operator.index = -1;
        operator.save();
      }
    }
  }
  const ids = new Array<Bytes>();
  for (let i = 0; i < operators.length; i++) {
    const operator = getOrCreateOperator(operators[i]);
    operator.active = true;
    operator.index = i;
    operator.lastConfigVersion = version;
    operator.save();
    ids.push(operator.id);
  }

  const config = new OracleConfig(configId(hub.id, version));
  config.hub = hub.id;
  config.version = version;
  config.operators = ids;
  config.threshold = event.params.threshold;
  config.blockNumber = event.block.number;
  config.timestamp = event.block.timestamp;
  config.transactionHash = event.transaction.hash;
  config.save();

  hub.configVersion = version;
  hub.threshold = event.params.threshold;
  hub.currentConfig = config.id;
  hub.save();
}

export function handleFeedSet(event: FeedSet): void {
  getOrCreateHub(event.address).save();
  const feed = getOrCreateFeed(event.params.feedId);
  feed.address = event.params.feed;
  feed.save();
  if (!event.params.feed.equals(ADDRESS_ZERO)) {
    const binding = new OracleFeedBinding(event.params.feed);
    binding.feed = feed.id;
    binding.save();
  }
}

export function handleMaxReportAgeSet(event: MaxReportAgeSet): void {
  const hub = getOrCreateHub(event.address);
  hub.maxReportAge = event.params.maxAge;
  hub.save();
}

export function handleReportAccepted(event: ReportAccepted): void {
  const p = event.params;
  const hub = getOrCreateHub(event.address);
  hub.reportCount = hub.reportCount.plus(ONE_BI);
  hub.save();

  // Bit i of the bitmap is operator i of the configuration the signatures were checked against.
  const signers = new Array<Bytes>();
  const cid = configId(hub.id, p.configVersion);
  const config = OracleConfig.load(cid);
  if (config != null) {
    const operators = config.operators;
    for (let i = 0; i < operators.length; i++) {
      if (!testBit(p.signers, i)) continue;
      const operator = getOrCreateOperator(operators[i]);
      operator.reportsSigned = operator.reportsSigned.plus(ONE_BI);
      operator.lastSignedAt = event.block.timestamp;
      operator.save();
      signers.push(operator.id);
    }
  }
  const transmitter = OracleOperator.load(p.transmitter);
  if (transmitter != null) {
    transmitter.reportsTransmitted = transmitter.reportsTransmitted.plus(ONE_BI);
    transmitter.save();
  }

  const feed = getOrCreateFeed(p.feedId);
  const report = new OracleReport(reportId(p.feedId, p.round));
  report.feed = feed.id;
  report.round = p.round;
  report.observedAt = p.observedAt;
  report.inputsHash = p.inputsHash;
  report.signersBitmap = p.signers;
  report.signers = signers;
  report.signerCount = signers.length;
  report.configVersion = p.configVersion;
  if (config != null) report.config = cid;
  report.transmitter = p.transmitter;
  report.blockNumber = event.block.number;
  report.timestamp = event.block.timestamp;
  report.transactionHash = event.transaction.hash;
  report.save();

  feed.reportCount = feed.reportCount.plus(ONE_BI);
  feed.lastRound = p.round;
  feed.lastObservedAt = p.observedAt;
  feed.latestReport = report.id;
  feed.save();

  const protocol = getOrCreateProtocol();
  protocol.oracleReportCount = protocol.oracleReportCount.plus(ONE_BI);
  protocol.save();
}
