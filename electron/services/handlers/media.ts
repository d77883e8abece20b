import type { HandlersFor } from '../../../shared/api/contract.js';
import type { mediaMethods } from '../../../shared/api/methods/media.js';
import type { AppService } from '../app-service.js';
import { linkMedia, listMedia, mediaSource, setTurnTime, unlinkMedia } from '../media.js';

export const mediaHandlers = (app: AppService): HandlersFor<typeof mediaMethods> => ({
  'media.list': () => listMedia(app.current()),
  'media.get': ({ documentId }) => mediaSource(app.current(), documentId, app.mediaTickets),
  'media.link': ({ documentId, path, copy }) => linkMedia(app.current(), documentId, path, { copy }),
  'media.unlink': ({ documentId }) => {
    unlinkMedia(app.current(), documentId);
    return null;
  },
  'turns.setTime': ({ turnId, beginMs }) => setTurnTime(app.current().db, turnId, beginMs),
});
