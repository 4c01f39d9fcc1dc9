// Prometheus metrics. A registry per service instance (no module-level state), so one test
// process can run several.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type Metrics = {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  mailSent: Counter<'transport' | 'outcome'>;
  logins: Counter<'outcome'>;
  /** Every SQL statement this instance ran (BEGIN and COMMIT included): statements per request, from outside. */
  dbStatements: Counter;
  /** Registers a gauge whose value `read` gives each time the metrics are read (a count in the database, say). */
  gaugeReadOnScrape(name: string, help: string, read: () => Promise<number>): void;
};

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'signoff_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'signoff_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'signoff_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    mailSent: new Counter({
      name: 'signoff_mail_deliveries_total',
      help: 'Mail delivery attempts by outcome',
      labelNames: ['transport', 'outcome'],
      registers: [registry],
    }),
    logins: new Counter({ name: 'signoff_logins_total', help: 'Password logins by outcome', labelNames: ['outcome'], registers: [registry] }),
    dbStatements: new Counter({ name: 'signoff_db_statements_total', help: 'SQL statements run, BEGIN and COMMIT included', registers: [registry] }),
    gaugeReadOnScrape(name, help, read) {
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          this.set(await read());
        },
      });
    },
  };
}
