import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { rateLimit, RateLimiter } from '../http/rate-limit.ts';
import { IdParam, iso } from '../http/fields.ts';
import type { Deps } from '../deps.ts';
import { getPerson } from '../roster/service.ts';
import { requireRole, requireSignedIn } from './middleware.ts';
import { sessionCookieName } from './sessions.ts';
import { idInScope } from './scope-trace.ts';
import { scopeOf } from './scope.ts';
import { beginRegistration, finishRegistration } from './registration.ts';
import { beginAssertion, signIn } from './assertion.ts';
import { listPasskeys, renamePasskey, revokePasskey, signOut } from './passkeys.ts';
import { enrolmentFacts, issueEnrolmentLink } from './enrolments.ts';
import { CredentialParam, EnrolmentTokenHeader, LoginVerifyBody, PasskeyRenameBody, RegistrationOptionsBody, RegistrationVerifyBody } from './schemas.ts';

// Clearing must repeat these: a __Host- cookie without Secure and Path=/ is refused by browsers (and by hono).
function sessionCookieOptions(deps: Deps) {
  return { httpOnly: true, sameSite: 'Strict', secure: deps.config.rpOrigin.startsWith('https:'), path: '/' } as const;
}

function setSessionCookie(c: Context<AppEnv>, deps: Deps, token: string) {
  setCookie(c, sessionCookieName(deps), token, { ...sessionCookieOptions(deps), maxAge: Math.floor(deps.config.sessionAbsoluteMs / 1000) });
}

/** Passkey ceremonies and sessions: /api/auth and /api/passkeys. */
export function authRoutes() {
  // Each options call stores a challenge: cap them per address so nobody can flood the table.
  const challenges = rateLimit(new RateLimiter(30, 60_000), 'sign-in challenge');
  // A look-up answers whether a token is real: cap the guesses per address like the other token routes.
  const linkLookups = rateLimit(new RateLimiter(30, 60_000), 'enrolment link look-up');
  return new Hono<AppEnv>()
    .get('/auth/enrolment', linkLookups, validate('header', EnrolmentTokenHeader), (c) => {
      const deps = c.get('deps');
      return c.json(enrolmentFacts(deps.db, c.req.valid('header')['x-enrolment-token'], deps.clock.now()));
    })
    // Every passkey ceremony starts with one shape, { options, context } (issue 18): nothing to confirm here.
    .post('/auth/registration/options', challenges, validate('json', RegistrationOptionsBody), async (c) =>
      c.json({ options: await beginRegistration(c.get('deps'), c.req.valid('json')), context: null }),
    )
    .post('/auth/registration/verify', validate('json', RegistrationVerifyBody), async (c) => {
      const deps = c.get('deps');
      const result = await finishRegistration(deps, c.get('requestId'), c.req.valid('json'));
      setSessionCookie(c, deps, result.token);
      return c.json({ personId: result.person.id, name: result.person.name, roles: result.person.roles, credentialId: result.credentialId, csrfToken: result.csrfToken }, 201);
    })
    .post('/auth/login/options', challenges, async (c) => c.json({ options: await beginAssertion(c.get('deps'), 'login'), context: null }))
    .post('/auth/login/verify', validate('json', LoginVerifyBody), async (c) => {
      const deps = c.get('deps');
      const result = await signIn(deps, c.get('requestId'), c.req.valid('json').response);
      setSessionCookie(c, deps, result.token);
      return c.json({ personId: result.person.id, name: result.person.name, roles: result.person.roles, csrfToken: result.csrfToken, expiresAt: iso(result.expiresAt) });
    })
    .post('/auth/logout', requireSignedIn, (c) => {
      const deps = c.get('deps');
      signOut(ctxOf(c));
      deleteCookie(c, sessionCookieName(deps), sessionCookieOptions(deps));
      return c.body(null, 204);
    })
    .get('/auth/me', requireSignedIn, (c) => {
      const ctx = ctxOf(c);
      const actor = ctx.actor as Extract<typeof ctx.actor, { type: 'person' }>;
      // `sites`: the sites this person's roles reach, named; null for every site (F4).
      return c.json({ person: getPerson(ctx, actor.id), sites: scopeOf(ctx.deps.db, actor), csrfToken: c.get('csrfToken'), sessionId: actor.sessionId });
    })
    .get('/people/:id/passkeys', requireRole('admin'), validate('param', IdParam), (c) =>
      c.json({ passkeys: listPasskeys(c.get('deps'), c.req.valid('param').id) }),
    )
    .get('/auth/me/passkeys', requireSignedIn, (c) => {
      const actor = ctxOf(c).actor as { id: number };
      return c.json({ passkeys: listPasskeys(c.get('deps'), actor.id) });
    })
    .post('/people/:id/enrolments', requireRole('admin', 'city'), validate('param', IdParam), idInScope('person'), (c) => {
      const { token: _shownInUrlOnly, ...link } = issueEnrolmentLink(ctxOf(c), c.req.valid('param').id);
      return c.json(link, 201);
    })
    .post('/passkeys/:credentialId/revoke', requireSignedIn, validate('param', CredentialParam), (c) =>
      c.json(revokePasskey(ctxOf(c), c.req.valid('param').credentialId)),
    )
    .patch('/passkeys/:credentialId', requireSignedIn, validate('param', CredentialParam), validate('json', PasskeyRenameBody), (c) =>
      c.json(renamePasskey(ctxOf(c), c.req.valid('param').credentialId, c.req.valid('json').name)),
    );
}
