import { describe, expect, it } from 'vitest';
import {
  CommandState,
  canTransition,
  IllegalCommandTransitionError,
  isTerminal,
  transition,
} from './command.js';

const ALL = Object.values(CommandState);

describe('command lifecycle', () => {
  it('runs queued → in-progress → succeeded', () => {
    expect(transition(transition('queued', 'in-progress'), 'succeeded')).toBe('succeeded');
  });

  it('lets a queued command expire or be cancelled, and an in-progress one go back to the queue', () => {
    expect(canTransition('queued', 'cancelled')).toBe(true);
    expect(canTransition('queued', 'expired')).toBe(true);
    expect(canTransition('in-progress', 'queued')).toBe(true);
  });

  it('does not cancel a command while a session is running it', () => {
    expect(canTransition('in-progress', 'cancelled')).toBe(false);
  });

  it('never leaves a terminal state', () => {
    for (const from of ALL.filter(isTerminal)) {
      for (const to of ALL) {
        expect(() => transition(from, to)).toThrow(IllegalCommandTransitionError);
      }
    }
    expect(ALL.filter(isTerminal).sort()).toEqual(['cancelled', 'expired', 'failed', 'succeeded']);
  });

  it('cannot skip in-progress to succeed', () => {
    expect(() => transition('queued', 'succeeded')).toThrow('Command cannot go from queued to succeeded');
  });
});
