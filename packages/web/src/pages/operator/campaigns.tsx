/** Firmware campaigns: the list with progress, and a form to start one. */
import { type FormEvent, useState } from 'react';
import type { FirmwareModule } from '../../api/types.js';
import { Async, Empty, ErrorBox, Panel, Pill } from '../../components/ui.js';
import { canCommand, useInterval, useResource, useSession } from '../../hooks.js';
import { formatDateTime, formatPercent } from '../../lib/format.js';
import { parseIdList } from '../../lib/query.js';

const MODULES: readonly FirmwareModule[] = ['metrology', 'communication', 'application'];

export function CampaignsPage() {
  const { api, user } = useSession();
  const campaigns = useResource(() => api.campaigns(), []);
  useInterval(() => campaigns.reload(true), 5000);
  return (
    <div className="page">
      <h1>Firmware campaigns</h1>
      <Panel title="Campaigns">
        <Async res={campaigns} what="campaigns">
          {(list) =>
            list.length === 0 ? (
              <Empty>No campaigns yet.</Empty>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="campaigns-table">
                  <thead>
                    <tr>
                      <th>Campaign</th>
                      <th>Image</th>
                      <th>Module</th>
                      <th>State</th>
                      <th className="num">Meters</th>
                      <th className="num">Succeeded</th>
                      <th className="num">Failed</th>
                      <th className="num">Pending</th>
                      <th>Progress</th>
                      <th>Created (UTC)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((c) => {
                      const done = (c.succeeded + c.failed) / Math.max(1, c.meters);
                      return (
                        <tr key={c.id}>
                          <td className="mono">{c.id}</td>
                          <td>{c.imageId}</td>
                          <td>{c.module}</td>
                          <td>
                            <Pill state={c.state} />
                          </td>
                          <td className="num">{c.meters}</td>
                          <td className="num">{c.succeeded}</td>
                          <td className="num">{c.failed}</td>
                          <td className="num">{c.pending}</td>
                          <td>
                            <div className="progress progress-small" title={formatPercent(done)}>
                              <div className="progress-bar" style={{ width: `${100 * done}%` }} />
                            </div>
                          </td>
                          <td className="nowrap">{formatDateTime(Date.parse(c.createdAt))}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )
          }
        </Async>
      </Panel>
      {canCommand(user) && <NewCampaign onCreated={() => campaigns.reload(true)} />}
    </div>
  );
}

function NewCampaign(props: { onCreated: () => void }) {
  const { api } = useSession();
  const images = useResource(() => api.firmwareImages(), []);
  const [imageId, setImageId] = useState('');
  const [module, setModule] = useState<FirmwareModule>('application');
  const [meters, setMeters] = useState('');
  const [maxFailure, setMaxFailure] = useState('10');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const ids = parseIdList(meters);
  const image = imageId || images.data?.[0]?.id || '';
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const rate = Number(maxFailure) / 100;
    api
      .createCampaign({
        imageId: image,
        module,
        meterIds: ids,
        ...(Number.isFinite(rate) && maxFailure !== ''
          ? { maxFailureRate: Math.min(1, Math.max(0, rate)) }
          : {}),
      })
      .then(
        (c) => {
          setBusy(false);
          setDone(`Campaign ${c.id} started for ${c.meters} meters.`);
          setMeters('');
          props.onCreated();
        },
        (err: unknown) => {
          setBusy(false);
          setError(err instanceof Error ? err : new Error(String(err)));
        },
      );
  };
  return (
    <Panel title="New campaign">
      <form className="form-grid" onSubmit={submit} data-testid="campaign-form">
        <label>
          Image
          <select
            value={image}
            onChange={(e) => setImageId(e.target.value)}
            required
            data-testid="campaign-image"
          >
            {(images.data ?? []).map((i) => (
              <option key={i.id} value={i.id}>
                {i.id} — v{i.version} ({(i.bytes / 1024).toFixed(0)} KiB)
              </option>
            ))}
          </select>
        </label>
        <label>
          Module
          <select value={module} onChange={(e) => setModule(e.target.value as FirmwareModule)}>
            {MODULES.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          Stop when a stage fails above (%)
          <input
            type="number"
            min={0}
            max={100}
            value={maxFailure}
            onChange={(e) => setMaxFailure(e.target.value)}
          />
        </label>
        <label className="span-3">
          Meters ({ids.length}) — ids separated by commas, spaces or lines
          <textarea
            rows={3}
            value={meters}
            onChange={(e) => setMeters(e.target.value)}
            data-testid="campaign-meters"
          />
        </label>
        <div className="span-3 form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || ids.length === 0 || !image}
            data-testid="campaign-submit"
          >
            {busy ? 'Starting…' : 'Start campaign'}
          </button>
          {images.error && <ErrorBox error={images.error} />}
          {error && <ErrorBox error={error} />}
          {done && <span className="notice">{done}</span>}
        </div>
      </form>
    </Panel>
  );
}
