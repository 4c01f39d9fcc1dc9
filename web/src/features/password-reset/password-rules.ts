// The server refuses shorter passwords with 422 password_too_weak; checking here first only
// saves a round trip.
export const MIN_PASSWORD_LENGTH = 12;

export const PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters, not a leaked password, not your name or email. A few unrelated words make a strong, memorable password.`;
