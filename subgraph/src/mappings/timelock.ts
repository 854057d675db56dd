// PeperTimelock (TimelockController): scheduled operations, their calls, execution and cancellation.
// An operation scheduled by a GovernanceReceiver (its salt is the message digest) carries its
// execution or cancellation over to the cross-chain GovernanceMessage and BridgeMessage.
import { BigInt, Bytes } from "@graphprotocol/graph-ts";

import {
  CallExecuted,
  CallSalt,
  CallScheduled,
  Cancelled,
  MinDelayChange,
} from "../../generated/PeperTimelock/PeperTimelock";
import { BridgeMessage, GovernanceMessage, TimelockCall, TimelockOperation } from "../../generated/schema";
import { getOrCreateTimelock, recordParameterChange } from "../helpers/governance";
import { u256 } from "../helpers/ids";

export function handleCallScheduled(event: CallScheduled): void {
  const timelock = getOrCreateTimelock(event.address);
  const id: Bytes = event.params.id;
  let operation = TimelockOperation.load(id);
  if (operation == null) {
    operation = new TimelockOperation(id);
    operation.timelock = timelock.id;
    timelock.operationCount = timelock.operationCount + 1;
  }
  if (operation.callCount == 0 || !operation.scheduledTx.equals(event.transaction.hash)) {
    // A new operation, or one scheduled again after a cancellation.
    operation.state = "Scheduled";
    operation.callCount = 0;
    operation.executedCallCount = 0;
    operation.scheduledAt = event.block.timestamp;
    operation.scheduledTx = event.transaction.hash;
    operation.executedAt = null;
    operation.executedTx = null;
    operation.cancelledAt = null;
    operation.salt = null;
  }
  operation.delay = event.params.delay;
  operation.readyAt = event.block.timestamp.plus(event.params.delay);
  operation.predecessor = event.params.predecessor;
  operation.callCount = operation.callCount + 1;
  operation.save();

  const call = new TimelockCall(id.concat(u256(event.params.index)));
  call.operation = id;
  call.index = event.params.index;
  call.target = event.params.target;
  call.value = event.params.value;
  call.data = event.params.data;
  call.executed = false;
  call.save();

  timelock.lastScheduledOperation = id;
  timelock.lastScheduledTx = event.transaction.hash;
  timelock.save();
}

export function handleCallSalt(event: CallSalt): void {
  const operation = TimelockOperation.load(event.params.id);
  if (operation == null) return;
  operation.salt = event.params.salt;
  operation.save();
}

export function handleCallExecuted(event: CallExecuted): void {
  const call = TimelockCall.load(event.params.id.concat(u256(event.params.index)));
  if (call != null) {
    call.executed = true;
    call.save();
  }
  const operation = TimelockOperation.load(event.params.id);
  if (operation == null) return;
  operation.executedCallCount = operation.executedCallCount + 1;
  if (operation.executedCallCount >= operation.callCount) {
    operation.state = "Executed";
    operation.executedAt = event.block.timestamp;
    operation.executedTx = event.transaction.hash;
    settleGovernanceMessage(operation, "Executed", event.block.timestamp, event.transaction.hash);
  }
  operation.save();
}

/** The cross-chain governance message an operation runs, if a GovernanceReceiver scheduled it. */
function settleGovernanceMessage(operation: TimelockOperation, status: string, timestamp: BigInt, tx: Bytes): void {
  const salt = operation.salt;
  if (salt === null) return;
  const governance = GovernanceMessage.load(salt);
  if (governance == null) return;
  const operationId = governance.operationId;
  if (operationId === null || !operationId.equals(operation.id)) return;
  governance.status = status;
  if (status == "Executed") {
    governance.executedAt = timestamp;
    governance.executedTx = tx;
  }
  governance.save();
  const message = BridgeMessage.load(salt);
  if (message == null || status != "Executed") return;
  message.status = "TimelockExecuted";
  message.releasedAt = timestamp;
  message.releasedTx = tx;
  message.save();
}

export function handleCancelled(event: Cancelled): void {
  const operation = TimelockOperation.load(event.params.id);
  if (operation == null) return;
  operation.state = "Cancelled";
  operation.cancelledAt = event.block.timestamp;
  operation.save();
  settleGovernanceMessage(operation, "Cancelled", event.block.timestamp, event.transaction.hash);
}

export function handleMinDelayChange(event: MinDelayChange): void {
  const timelock = getOrCreateTimelock(event.address);
  timelock.minDelay = event.params.newDuration;
  timelock.save();
  recordParameterChange(event, "minDelay", event.params.oldDuration, event.params.newDuration);
}
