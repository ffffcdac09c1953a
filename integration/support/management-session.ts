import { DlmsClient, InvocationCounter, WrapperTcpClient } from '@gridmeter/dlms';
import type { CommandSession, MeterProfile } from '@gridmeter/headend';
import type { Fleet } from '@gridmeter/simulator';

/**
 * Opens the management association (client SAP 1, HLS-GMAC, suite 0 authenticated encryption)
 * with a simulated meter, using the meter's own keys — what the head-end's commands need.
 */
export async function openManagementSession(
  fleet: Fleet,
  port: number,
  meterId: string,
  profile: MeterProfile,
): Promise<CommandSession> {
  const id = fleet.identity(fleet.indexOf(meterId)!);
  const transport = await WrapperTcpClient.connect({ host: id.address, port, clientSap: 1 });
  const client = new DlmsClient(transport, {
    authentication: { mechanism: 'hls-gmac' },
    security: {
      policy: 'authenticated-encrypted',
      systemTitle: new TextEncoder().encode('GMHES001'),
      encryptionKey: id.encryptionKey,
      authenticationKey: id.authenticationKey,
      invocationCounter: new InvocationCounter(1),
    },
  });
  try {
    await client.associate();
  } catch (e) {
    await transport.close();
    throw e;
  }
  return {
    client,
    profile,
    close: async () => {
      await client.release().catch(() => undefined);
      await transport.close();
    },
  };
}
