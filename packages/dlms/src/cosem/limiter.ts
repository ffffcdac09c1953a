/** Limiter (IEC 62056-6-2 §4.5.9): thresholds on a monitored value and the emergency profile. */
import type { DlmsData } from '../axdr/types.js';
import { type ActionItem, actionItemPart } from './common.js';
import { arrayPart, converter, type DataConverter, P, type Part, structPart } from './converter.js';
import { fail } from './shape.js';

const NUMERIC = [
  'integer',
  'long',
  'unsigned',
  'long-unsigned',
  'double-long',
  'double-long-unsigned',
  'long64',
  'long64-unsigned',
  'float32',
  'float64',
] as const;

/** A threshold: a simple numeric Data of the same type as the monitored value. */
export type Threshold = Extract<DlmsData, { type: (typeof NUMERIC)[number] }>;

const thresholdPart: Part<Threshold> = {
  read: (d, w) =>
    (NUMERIC as readonly string[]).includes(d.type) ? (d as Threshold) : fail(w, 'a numeric type', d),
  write: (v) => v,
};

/** Limiter `threshold_active` / `threshold_normal` / `threshold_emergency`. */
export const thresholdConverter: DataConverter<Threshold> = converter('threshold', thresholdPart);

/** Register monitor `thresholds`: array of thresholds. */
export const thresholdsConverter: DataConverter<readonly Threshold[]> = converter(
  'thresholds',
  arrayPart(thresholdPart),
);

/** emergency_profile: from `emergencyActivationTime` for `emergencyDurationSeconds`, threshold_emergency applies. */
export interface EmergencyProfile {
  readonly emergencyProfileId: number;
  readonly emergencyActivationTime: Uint8Array;
  readonly emergencyDurationSeconds: number;
}

/** Limiter `emergency_profile`. */
export const emergencyProfileConverter: DataConverter<EmergencyProfile> = converter(
  'emergency_profile',
  structPart<EmergencyProfile>({
    emergencyProfileId: P.longUnsigned,
    emergencyActivationTime: P.dateTime,
    emergencyDurationSeconds: P.doubleLongUnsigned,
  }),
);

/** Limiter `emergency_profile_group_id_list`: array long-unsigned. */
export const emergencyProfileGroupIdListConverter: DataConverter<readonly number[]> = converter(
  'emergency_profile_group_id_list',
  arrayPart(P.longUnsigned),
);

/** Limiter actions: the scripts run when the value goes over / back under the active threshold. */
export interface LimiterActions {
  readonly actionOverThreshold: ActionItem;
  readonly actionUnderThreshold: ActionItem;
}

/** Limiter `actions`. */
export const limiterActionsConverter: DataConverter<LimiterActions> = converter(
  'actions',
  structPart<LimiterActions>({ actionOverThreshold: actionItemPart, actionUnderThreshold: actionItemPart }),
);
