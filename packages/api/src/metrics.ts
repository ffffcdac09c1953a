import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The API's Prometheus metrics, in a registry of its own (several apps may share a process). */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'gridmeter_http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'gridmeter_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly sseClients = new Gauge({
    name: 'gridmeter_sse_clients',
    help: 'Clients connected to the live stream',
    registers: [this.registry],
  });
  readonly sseMessages = new Counter({
    name: 'gridmeter_sse_messages_total',
    help: 'Messages written to live stream clients, by SSE event',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });

  /** Records one finished request. */
  observe(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.duration.observe({ method, route }, seconds);
  }
}
