import { toHex } from '@gridmeter/codec';
import { importSimulatorKeys, MasterKey, MeterProfileStore, MeterRegistry } from '@gridmeter/headend';
import type { Fleet } from '@gridmeter/simulator';

/**
 * A head-end registry for a simulator fleet, built the way an operator would: the fleet's key
 * file (what `gridmeter simulate keys` writes) imported into a registry sealed with a master key.
 */
export async function registryForFleet(fleet: Fleet, port: number, indices?: readonly number[]) {
  const rows = ['meter_id,address,port,kind,system_title,encryption_key,authentication_key,lls_password'];
  for (const i of indices ?? Array.from({ length: fleet.size }, (_, k) => k)) {
    const id = fleet.identity(i);
    rows.push(
      [
        id.id,
        id.address,
        port,
        id.kind,
        toHex(id.systemTitle),
        toHex(id.encryptionKey),
        toHex(id.authenticationKey),
        id.llsPassword,
      ].join(','),
    );
  }
  const profiles = new MeterProfileStore();
  const registry = await MeterRegistry.open({ masterKey: MasterKey.generate(), profiles });
  await importSimulatorKeys(rows.join('\n'), { registry });
  return { registry, profiles };
}
