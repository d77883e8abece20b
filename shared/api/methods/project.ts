import { z } from 'zod';
import type { AppInfo, DirectoryListing, ProjectInfo, ProjectSummary, RecentProject } from '../../types/entities.js';
import { method, none, path } from './base.js';

export const projectMethods = {
  'app.info': method<AppInfo>()(none),
  'project.current': method<ProjectInfo | null>()(none),
  'project.create': method<ProjectInfo>()(z.object({ path }).strict()),
  'project.open': method<ProjectInfo>()(z.object({ path }).strict()),
  'project.openSample': method<ProjectInfo>()(z.object({ reset: z.boolean().optional() }).strict()),
  'project.close': method<null>()(none),
  'project.recent': method<RecentProject[]>()(none),
  'project.summary': method<ProjectSummary>()(none),
  'files.list': method<DirectoryListing>()(z.object({ path: path.optional() }).strict()),
} as const;
