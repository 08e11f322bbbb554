/**
 * Where the go/no-go meeting (poll and decision record, issue 10 part C, branch h-meeting) joins
 * the board: its link or summary goes here. Nothing is shown until it lands.
 */
export function MeetingSlot() {
  return null;
}
