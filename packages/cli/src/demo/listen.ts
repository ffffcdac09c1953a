/** Opening the demo fleet's DLMS port, falling back to a free one when it is taken. */
import type { Fleet } from '@gridmeter/simulator';
import { SimulatorStartError } from '../simulate/run.js';

/** Where the fleet listens, and why not where it was asked to. */
export interface FleetListening {
  readonly port: number;
  /** Set when the asked port was in use and a free one was taken instead. */
  readonly fallbackFrom?: number;
}

/** `fleet.listen` on host:port; when the port is in use, on a free port instead (and says so). */
export async function listenWithFallback(fleet: Fleet, host: string, port: number): Promise<FleetListening> {
  try {
    return { port: (await fleet.listen({ host, port })).port };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) {
      throw new SimulatorStartError('DLMS', host, port, { cause: error });
    }
  }
  try {
    return { port: (await fleet.listen({ host, port: 0 })).port, fallbackFrom: port };
  } catch (error) {
    throw new SimulatorStartError('DLMS', host, 0, { cause: error });
  }
}
