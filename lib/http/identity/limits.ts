/** The rate limits of the identity flows, one limiter per policy (see lib/http/ratelimit_backend.ts). */
import { RATE_LIMITS, rateLimiter } from "../ratelimit_backend.ts";

export const limits = {
  loginAccount: rateLimiter("login-account", RATE_LIMITS.loginAccount),
  loginIp: rateLimiter("login-ip", RATE_LIMITS.loginIp),
  code: rateLimiter("one-time-code", RATE_LIMITS.oneTimeCode),
  codeSend: rateLimiter("one-time-code-send", RATE_LIMITS.oneTimeCodeSend),
  registration: rateLimiter("registration", RATE_LIMITS.registration),
  passwordReset: rateLimiter("password-reset", RATE_LIMITS.passwordReset),
  passwordResetIp: rateLimiter("password-reset-ip", RATE_LIMITS.passwordResetIp),
};
