// On SQLite a read outside any transaction may see the work of the open commit group, which has
// not committed yet (platform/db/group-commit.ts). So an answer is sent only once that group has
// committed; and if any COMMIT failed while the request ran (its reads may have seen the lost
// work), the answer is replaced by 503 service_unavailable. PostgreSQL has no groups: no hooks.
import type { FastifyInstance } from 'fastify';
import { commitFailures, hasCommitGroups, sharedCommit } from '../../platform/db/group-commit.ts';
import { Problem } from '../../platform/problems.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Failed group commits on this instance when the request arrived; -1 once its answer was refused. */
    commitFailuresAtStart: number;
  }
}

export function registerCommittedAnswers(app: FastifyInstance, db: object) {
  if (!hasCommitGroups(db)) return;
  app.decorateRequest('commitFailuresAtStart', 0);
  app.addHook('onRequest', (request, _reply, done) => {
    request.commitFailuresAtStart = commitFailures(db);
    done();
  });
  app.addHook('onSend', (request, _reply, payload, done) => {
    const answer = () => {
      // The refusal itself (sent through the error handler, and so through this hook again) goes out.
      if (request.commitFailuresAtStart === -1 || commitFailures(db) === request.commitFailuresAtStart) return done(null, payload);
      request.commitFailuresAtStart = -1;
      done(new Problem('service_unavailable', { detail: 'The database could not commit while this request ran; try again' }));
    };
    const committed = sharedCommit(db);
    if (committed) committed.then(answer, answer);
    else answer();
  });
}
