/** Tariffs: every version with its prices, fixed charges, taxes and TOU day profiles. */
import type { TariffDto } from '../../api/types.js';
import { Async, Empty, Panel } from '../../components/ui.js';
import { useResource, useSession } from '../../hooks.js';
import { formatDate, formatMicroPrice, formatMoney } from '../../lib/format.js';
import { orderPeriods, touColour } from '../../lib/tou.js';

const unitOf = (t: TariffDto): string => (t.commodity === 'electricity' ? 'kWh' : 'm³');

/** The tariff's TOU periods, cheapest first (the order the charts colour them in). */
function periodsByPrice(t: TariffDto): string[] {
  const periods = t.tou?.periods ?? [];
  const e = t.energy;
  const prices = e.kind === 'tou' ? e.pricesMicro : e.kind === 'tiered' ? (e.touAddersMicro ?? {}) : {};
  return orderPeriods(periods, prices);
}

export function TariffsPage() {
  const { api } = useSession();
  const tariffs = useResource(() => api.tariffs(), []);
  return (
    <div className="page">
      <h1>Tariffs</h1>
      <Async res={tariffs} what="tariffs">
        {(list) =>
          list.length === 0 ? (
            <Empty>No tariffs.</Empty>
          ) : (
            <div className="tariffs" data-testid="tariffs">
              {list.map((t) => (
                <TariffCard key={`${t.tariffId}-${t.version}`} t={t} />
              ))}
            </div>
          )
        }
      </Async>
    </div>
  );
}

function TariffCard(props: { t: TariffDto }) {
  const t = props.t;
  const unit = unitOf(t);
  const price = (micro: number, u = unit): string => formatMicroPrice(micro, t.currency, u);
  const e = t.energy;
  return (
    <Panel
      title={
        <>
          {t.tariffId} <span className="muted small">v{t.version}</span>
        </>
      }
      actions={
        <span className="muted small">
          {t.commodity} · from {formatDate(Date.parse(t.effectiveFrom))} · UTC
          {t.utcOffsetMinutes >= 0 ? '+' : '−'}
          {Math.abs(t.utcOffsetMinutes / 60)}
        </span>
      }
      testId={`tariff-${t.tariffId}`}
    >
      <table className="table table-compact">
        <tbody>
          {e.kind === 'flat' && (
            <tr>
              <th>Energy (flat)</th>
              <td className="num">{price(e.priceMicro)}</td>
            </tr>
          )}
          {e.kind === 'tou' &&
            Object.entries(e.pricesMicro).map(([p, v]) => (
              <tr key={p}>
                <th>
                  <span className="swatch" style={{ background: touColour(periodsByPrice(t), p) }} /> {p}
                </th>
                <td className="num">{price(v)}</td>
              </tr>
            ))}
          {e.kind === 'tiered' &&
            e.tiers.map((tier, i) => (
              <tr key={tier.upTo ?? `last-${i}`}>
                <th>
                  Tier {i + 1} ({e.basis})
                  {tier.upTo !== undefined
                    ? ` up to ${(tier.upTo / 1000).toLocaleString('en-GB')} ${unit}`
                    : ' above'}
                </th>
                <td className="num">{price(tier.priceMicro)}</td>
              </tr>
            ))}
          {e.kind === 'tiered' &&
            e.touAddersMicro &&
            Object.entries(e.touAddersMicro).map(([p, v]) => (
              <tr key={`adder-${p}`}>
                <th>TOU adder: {p}</th>
                <td className="num">{price(v)}</td>
              </tr>
            ))}
          {e.kind === 'dynamic' && (
            <tr>
              <th>Dynamic hourly prices</th>
              <td className="num">{e.hourlyPricesMicro.length} hours published</td>
            </tr>
          )}
          {t.demand?.priceMicroPerKw !== undefined && (
            <tr>
              <th>Demand</th>
              <td className="num">{price(t.demand.priceMicroPerKw, 'kW')}</td>
            </tr>
          )}
          {t.demand?.pricesMicroPerKwByPeriod &&
            Object.entries(t.demand.pricesMicroPerKwByPeriod).map(([p, v]) => (
              <tr key={`demand-${p}`}>
                <th>Demand: {p}</th>
                <td className="num">{price(v, 'kW')}</td>
              </tr>
            ))}
          {t.fixedPerBillMinor !== undefined && (
            <tr>
              <th>Fixed per bill</th>
              <td className="num">{formatMoney(t.fixedPerBillMinor, t.currency)}</td>
            </tr>
          )}
          {t.perDayMicro !== undefined && (
            <tr>
              <th>Standing charge</th>
              <td className="num">{price(t.perDayMicro, 'day')}</td>
            </tr>
          )}
          {t.export && (
            <tr>
              <th>Export</th>
              <td className="num">
                {t.export.kind === 'net-metering'
                  ? 'net metering'
                  : `net billing ${price(t.export.priceMicro)}`}
              </td>
            </tr>
          )}
          {(t.taxes ?? []).map((x) => (
            <tr key={x.code}>
              <th>
                Tax: {x.name} <span className="muted">({x.code})</span>
              </th>
              <td className="num">
                {x.kind === 'percent' ? `${(x.basisPoints / 100).toFixed(2)} %` : price(x.priceMicro)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {t.tou && <TouDayProfiles tou={t.tou} ordered={periodsByPrice(t)} />}
    </Panel>
  );
}

function TouDayProfiles(props: { tou: NonNullable<TariffDto['tou']>; ordered: readonly string[] }) {
  const { tou, ordered } = props;
  return (
    <div className="tou">
      <div className="muted small">
        Seasons: {tou.seasons.map((s) => `${s.name} from ${s.from} (${s.weekProfile})`).join(' · ')}
      </div>
      {Object.entries(tou.dayProfiles).map(([name, switches]) => (
        <div className="tou-row" key={name}>
          <span className="tou-name">{name}</span>
          <div
            className="tou-bar"
            title={switches.map((s) => `${hhmm(s.startMinute)} ${s.period}`).join(', ')}
          >
            {switches.map((s, i) => {
              const end = switches[i + 1]?.startMinute ?? 1440;
              return (
                <div
                  key={s.startMinute}
                  className="tou-seg"
                  style={{
                    width: `${((end - s.startMinute) / 1440) * 100}%`,
                    background: touColour(ordered, s.period),
                  }}
                >
                  {end - s.startMinute >= 150 ? s.period : ''}
                </div>
              );
            })}
          </div>
        </div>
      ))}
      <div className="tou-scale">
        <span>00:00</span>
        <span>06:00</span>
        <span>12:00</span>
        <span>18:00</span>
        <span>24:00</span>
      </div>
    </div>
  );
}

const hhmm = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
