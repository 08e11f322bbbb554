import type { BoardService } from '../../board/board-service.js';
import type { Handlers } from '../router.js';

type BoardCommands = 'board.get' | 'board.signoff' | 'board.waive' | 'board.revokeWaiver';

export function boardHandlers(board: BoardService): Pick<Handlers, BoardCommands> {
  return {
    'board.get': function handleBoardGet(input) {
      return board.get(input);
    },
    'board.signoff': function handleBoardSignoff(input) {
      return board.signoff(input);
    },
    'board.waive': function handleBoardWaive(input) {
      return board.waive(input);
    },
    'board.revokeWaiver': function handleBoardRevokeWaiver(input) {
      return board.revokeWaiver(input.waiverId, input.by);
    },
  };
}
