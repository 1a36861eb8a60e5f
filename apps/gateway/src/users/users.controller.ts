import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Page, RpcCaller } from '@app/contracts';
import { MeResponse, ProblemResponse, UserResponse } from '../auth/auth.dto';
import { AdminOnly, CurrentCaller } from '../auth/caller.decorator';
import { CreateUserDto, ListUsersQuery } from './users.dto';
import { UsersService } from './users.service';
import type { UserView } from './user';

@ApiTags('users')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentCaller() caller: RpcCaller): Promise<MeResponse> {
    return this.users.me(caller);
  }

  @Post('users')
  @AdminOnly()
  @ApiCreatedResponse({ type: UserResponse })
  @ApiForbiddenResponse({ description: 'Members may not add users', type: ProblemResponse })
  @ApiConflictResponse({ description: 'The email already has an account', type: ProblemResponse })
  create(@CurrentCaller() caller: RpcCaller, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(caller, dto);
  }

  @Get('users')
  @AdminOnly()
  @ApiOkResponse({ description: 'The tenant’s users, oldest first: {items, nextCursor}' })
  list(@CurrentCaller() caller: RpcCaller, @Query() query: ListUsersQuery): Promise<Page<UserView>> {
    return this.users.list(caller, query);
  }
}
