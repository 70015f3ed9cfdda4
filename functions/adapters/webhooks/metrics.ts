/** Counted once per outbound delivery parked after its last attempt (an alarm watches it). */
export const OUTBOUND_DELIVERY_PARKED_METRIC = 'OutboundDeliveryParked';
