import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Public } from './caller.decorator';
import { AccessTokenResponse, LoginDto, ProblemResponse, SignUpDto, SignUpResponse } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Public()
@UseGuards(ThrottlerGuard)
@ApiTooManyRequestsResponse({ description: 'Too many attempts from this address', type: ProblemResponse })
@ApiBadRequestResponse({ type: ProblemResponse })
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('signup')
  @ApiCreatedResponse({ type: SignUpResponse, description: 'The new tenant, its first admin and a token' })
  @ApiConflictResponse({ description: 'The email already has an account', type: ProblemResponse })
  signUp(@Body() dto: SignUpDto): Promise<SignUpResponse> {
    return this.auth.signUp(dto);
  }

  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: AccessTokenResponse })
  @ApiUnauthorizedResponse({ description: 'Unknown email or wrong password', type: ProblemResponse })
  login(@Body() dto: LoginDto): Promise<AccessTokenResponse> {
    return this.auth.login(dto);
  }
}
