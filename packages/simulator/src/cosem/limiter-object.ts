/**
 * Limiter (IEC 62056-6-2 §4.5.9, class_id 71 version 0) at 0.0.17.0.0.255 over a {@link Limiter}.
 * monitored_value is fixed (instantaneous active power import, Register 1.0.1.7.0.255 attribute 2)
 * and so are the actions (Disconnector script table 0.0.10.0.106.255, script 1 disconnect,
 * 2 reconnect); thresholds (W, double-long-unsigned; any numeric type is accepted on SET), the
 * durations, emergency_profile and emergency_profile_group_id_list are read-write.
 */
import {
  type CosemServerObject,
  type DlmsData,
  emergencyProfileConverter,
  emergencyProfileGroupIdListConverter,
  limiterActionsConverter,
  monitoredValueConverter,
  thresholdConverter,
} from '@gridmeter/dlms';
import type { Limiter } from '../meter/limiter.js';
import {
  dateTimeBytes,
  fromData,
  instantOf,
  noSuchAttribute,
  readOnly,
  sharedLogicalName,
  simple,
} from './object-support.js';

/** Logical name of the Limiter (IEC 62056-6-1). */
export const LIMITER_LN = '0.0.17.0.0.255';

const duration = simple('min_threshold_duration', 'double-long-unsigned');
const active = simple('emergency_profile_active', 'boolean');
const threshold = (w: number): DlmsData => ({
  type: 'double-long-unsigned',
  value: Math.max(0, Math.round(w)),
});

/**
 * @example
 * new LimiterObject(limiter, () => clock.now(), { utcOffsetMinutes: 60 });
 */
export class LimiterObject implements CosemServerObject {
  readonly classId = 71;
  readonly version = 0;
  readonly logicalName: Uint8Array;
  readonly utcOffsetMinutes: number;

  constructor(
    readonly limiter: Limiter,
    readonly now: () => number,
    options: { utcOffsetMinutes?: number; logicalName?: string } = {},
  ) {
    this.logicalName = sharedLogicalName(options.logicalName ?? LIMITER_LN);
    this.utcOffsetMinutes = options.utcOffsetMinutes ?? 0;
  }

  get(attributeId: number): DlmsData {
    const l = this.limiter;
    const t = this.now();
    l.advance(t);
    switch (attributeId) {
      case 2:
        return monitoredValueConverter.toData({
          classId: 3,
          logicalName: sharedLogicalName('1.0.1.7.0.255'),
          attributeIndex: 2,
        });
      case 3:
        return threshold(l.thresholdActiveAt(t));
      case 4:
        return threshold(l.thresholdNormalW);
      case 5:
        return threshold(l.thresholdEmergencyW);
      case 6:
        return duration.toData(l.minOverThresholdDurationSeconds);
      case 7:
        return duration.toData(l.minUnderThresholdDurationSeconds);
      case 8: {
        const p = l.emergencyProfile;
        return emergencyProfileConverter.toData({
          emergencyProfileId: p?.emergencyProfileId ?? 0,
          emergencyActivationTime: dateTimeBytes(p?.emergencyActivationTime, this.utcOffsetMinutes),
          emergencyDurationSeconds: p?.emergencyDurationSeconds ?? 0,
        });
      }
      case 9:
        return emergencyProfileGroupIdListConverter.toData(l.emergencyProfileGroupIdList);
      case 10:
        return active.toData(l.emergencyProfileActiveAt(t));
      case 11: {
        const script = sharedLogicalName('0.0.10.0.106.255');
        return limiterActionsConverter.toData({
          actionOverThreshold: { scriptLogicalName: script, scriptSelector: 1 },
          actionUnderThreshold: { scriptLogicalName: script, scriptSelector: 2 },
        });
      }
      default:
        return noSuchAttribute(attributeId);
    }
  }

  set(attributeId: number, value: DlmsData): void {
    const l = this.limiter;
    const at = this.now();
    l.advance(at);
    switch (attributeId) {
      case 4:
        l.setThresholdNormal(Number(fromData(thresholdConverter, value).value), at);
        return;
      case 5:
        l.setThresholdEmergency(Number(fromData(thresholdConverter, value).value), at);
        return;
      case 6:
        l.minOverThresholdDurationSeconds = fromData(duration, value);
        return;
      case 7:
        l.minUnderThresholdDurationSeconds = fromData(duration, value);
        return;
      case 8: {
        const p = fromData(emergencyProfileConverter, value);
        const time = instantOf(p.emergencyActivationTime, this.utcOffsetMinutes);
        l.emergencyProfile =
          time === undefined
            ? undefined
            : {
                emergencyProfileId: p.emergencyProfileId,
                emergencyActivationTime: time,
                emergencyDurationSeconds: p.emergencyDurationSeconds,
              };
        return;
      }
      case 9:
        l.emergencyProfileGroupIdList = fromData(emergencyProfileGroupIdListConverter, value);
        return;
      default:
        if (attributeId >= 2 && attributeId <= 11) readOnly(attributeId);
        noSuchAttribute(attributeId);
    }
  }
}
