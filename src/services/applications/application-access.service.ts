import {BindingScope, injectable, ContextTags} from '@loopback/core';
import {ApplicationBindings} from './keys';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {Application} from '../../models';
import {ApplicationRepository, UserRepository} from '../../repositories';
import {ADMIN_ROLE} from '../accounts/role.authorizer';

/**
 * Who may see and manage a client application: its owner, or an admin.
 * Everyone else is told it does not exist (404, not 403), so client ids
 * of other owners cannot be probed. The first-party `web` application has
 * no owner, so only admins reach it.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ApplicationBindings.APPLICATION_ACCESS_SERVICE},
})
export class ApplicationAccessService {
  constructor(
    @repository(ApplicationRepository)
    private applications: ApplicationRepository,
    @repository(UserRepository) private users: UserRepository,
  ) {}

  /**
   * Whether `userId` holds the admin role now. Read from the database on
   * each call, as the role authorizer does, so a removed role counts at once.
   */
  async isAdmin(userId: string): Promise<boolean> {
    const user = await this.users.findOne({where: {id: userId}});
    return !!user && !user.disabled && (user.roles ?? []).includes(ADMIN_ROLE);
  }

  /** The application, when `userId` owns it or is an admin; else `APPLICATION_NOT_FOUND`. */
  async find(userId: string, id: string): Promise<Application> {
    const app = await this.applications.findOne({where: {id}});
    if (app && (app.ownerId === userId || (await this.isAdmin(userId)))) {
      return app;
    }
    throw new AppError('APPLICATION_NOT_FOUND', 'No such application.');
  }

  /** The caller's own applications; every application for an admin. */
  async list(userId: string): Promise<Application[]> {
    const where = (await this.isAdmin(userId)) ? {} : {ownerId: userId};
    return this.applications.find({where, order: ['created ASC', 'id ASC']});
  }
}
