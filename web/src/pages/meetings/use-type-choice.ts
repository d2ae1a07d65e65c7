import { useRef, useState, type KeyboardEvent } from 'react';
import { MEETING_TYPES, type Feedback, type Meeting, type MeetingType } from '../../api/meetings';

function isMeetingType(value: string): value is MeetingType {
  return (MEETING_TYPES as readonly string[]).includes(value);
}

/** Keys that move a closed select's choice in Chromium, each with a `change` of its own. */
const MOVING_KEYS = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End', 'PageDown', 'PageUp']);

/**
 * The meeting type select's state. A choice made with the pointer is saved at once; one made
 * with the keyboard is only shown until Enter or leaving the select saves it (Escape puts the
 * saved type back), because Chromium fires `change` on every arrow key press of a closed select
 * and each save is a verdict on the whole series.
 */
export function useTypeChoice(
  meeting: Meeting,
  onFeedback: (meeting: Meeting, feedback: Feedback) => void,
) {
  // The type on screen until the saved one catches up; `saved` once it is on its way.
  const [choice, setChoice] = useState<{ type: MeetingType; saved: boolean } | null>(null);
  const [shown, setShown] = useState(meeting.meetingType);
  const fromKeyboard = useRef(false);
  // The saved type changed (this save's answer, a rollback, another user): the draft is over.
  if (shown !== meeting.meetingType) {
    setShown(meeting.meetingType);
    setChoice(null);
  }
  const pending =
    choice && !choice.saved && choice.type !== meeting.meetingType ? choice.type : null;

  const save = (type: MeetingType) => {
    if (type === meeting.meetingType) {
      setChoice(null);
      return;
    }
    setChoice({ type, saved: true });
    onFeedback(meeting, { verdict: 'confirm', meetingType: type });
  };

  return {
    value: choice?.type ?? meeting.meetingType ?? '',
    pending,
    handlers: {
      onPointerDown: () => {
        fromKeyboard.current = false;
      },
      onKeyDown: (event: KeyboardEvent<HTMLSelectElement>) => {
        if (event.key === 'Enter' && pending) {
          event.preventDefault();
          save(pending);
        } else if (event.key === 'Escape' && pending) {
          event.preventDefault();
          setChoice(null);
        } else {
          // Letters jump to a type too: every other key press counts as keyboard choosing.
          fromKeyboard.current = MOVING_KEYS.has(event.key) || event.key.length === 1;
        }
      },
      onChange: (event: { target: HTMLSelectElement }) => {
        const type = event.target.value;
        if (!isMeetingType(type)) return;
        if (fromKeyboard.current) setChoice({ type, saved: false });
        else save(type);
      },
      onBlur: () => {
        fromKeyboard.current = false;
        if (pending) save(pending);
      },
    },
  };
}
