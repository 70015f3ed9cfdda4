// SES's sending limits as the code relies on them (docs/parity.md, "Notifications"): quotas count
// recipients, per account and region, over a rolling 24 hours and per second; past either, SES
// refuses the message with a throttling error and keeps nothing
// (https://docs.aws.amazon.com/ses/latest/dg/quotas.html,
// https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas-errors.html).

export interface SendingQuota {
  /** Recipients per second. */
  readonly maxSendRate: number;
  /** Recipients per rolling 24 hours. */
  readonly max24HourSend: number;
}

/** A new account's quota: SES's sandbox (1 per second, 200 a day). */
export const SES_SANDBOX_QUOTA: SendingQuota = { maxSendRate: 1, max24HourSend: 200 };

/**
 * The quota a deployment must have before it notifies people (production access is requested per
 * account and region; SES sets it "based on your use case"): the local outbox enforces it, so a
 * burst the deployed account would throttle is throttled locally too. At national scale the
 * program notifies a few thousand people a day at most (docs/adr/0103-notifications.md).
 */
export const NASEEJ_SENDING_QUOTA: SendingQuota = { maxSendRate: 14, max24HourSend: 50_000 };

/** A rolling count of sends against a quota, on an injected clock. */
export class SendingQuotaGate {
  readonly #quota: SendingQuota;
  readonly #sent: number[] = [];

  constructor(quota: SendingQuota) {
    this.#quota = quota;
  }

  /** `undefined` when one more recipient may be sent to at `nowMs` (and counts it), else which limit is reached. */
  take(nowMs: number): 'Maximum sending rate exceeded' | 'Daily message quota exceeded' | undefined {
    while (this.#sent.length > 0 && (this.#sent[0] ?? 0) <= nowMs - 86_400_000) this.#sent.shift();
    if (this.#sent.length >= this.#quota.max24HourSend) return 'Daily message quota exceeded';
    const lastSecond = this.#sent.filter((at) => at > nowMs - 1_000).length;
    if (lastSecond >= this.#quota.maxSendRate) return 'Maximum sending rate exceeded';
    this.#sent.push(nowMs);
    return undefined;
  }
}
