// A reviewer's key in a round: the task, the vote and the withdrawal name a reviewer by it, a
// member by user id, a guest by invite id. A leaf: everything that handles rounds imports it.

export const userKey = (userId: string) => `user:${userId}`;
export const inviteKey = (inviteId: string) => `invite:${inviteId}`;
