// PeperTimelock (TimelockController): scheduled operations, their calls, execution and cancellation.
import { Bytes } from "@graphprotocol/graph-ts";

import {
  CallExecuted,
  CallSalt,
  CallScheduled,
  Cancelled,
  MinDelayChange,
} from "../../generated/PeperTimelock/PeperTimelock";
import { TimelockCall, TimelockOperation } from "../../generated/schema";
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
  }
  operation.save();
}

export function handleCancelled(event: Cancelled): void {
  const operation = TimelockOperation.load(event.params.id);
  if (operation == null) return;
  operation.state = "Cancelled";
  operation.cancelledAt = event.block.timestamp;
  operation.save();
}

export function handleMinDelayChange(event: MinDelayChange): void {
  const timelock = getOrCreateTimelock(event.address);
  timelock.minDelay = event.params.newDuration;
  timelock.save();
  recordParameterChange(event, "minDelay", event.params.oldDuration, event.params.newDuration);
}
