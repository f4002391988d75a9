/**
 * Deployment fixtures for the Community tests, loaded with `loadFixture` so every test starts from
 * the same snapshot.
 */
import { ethers } from 'hardhat';
import type { HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/signers';
import type { Community } from '../../../typechain-types';

export const ONE_COIN = 10n ** 18n;

export interface CommunityFixture {
  community: Community;
  treasury: HardhatEthersSigner;
  operator: HardhatEthersSigner;
  amina: HardhatEthersSigner;
  baraka: HardhatEthersSigner;
  stranger: HardhatEthersSigner;
}

export async function deployCommunity(): Promise<CommunityFixture> {
  const [treasury, operator, amina, baraka, stranger] = await ethers.getSigners();
  const community = await ethers.deployContract('Community', [treasury.address, operator.address, 0n]);
  return { community, treasury, operator, amina, baraka, stranger };
}

/** Amina and Baraka are households. */
export async function withHouseholds(): Promise<CommunityFixture> {
  const fixture = await deployCommunity();
  await (await fixture.community.connect(fixture.operator).addHousehold(fixture.amina.address, 'Amina')).wait();
  await (await fixture.community.connect(fixture.operator).addHousehold(fixture.baraka.address, 'Baraka')).wait();
  return fixture;
}

/** Amina was topped up with 100 coins. */
export async function withTopUp(): Promise<CommunityFixture> {
  const fixture = await withHouseholds();
  await (await fixture.community.connect(fixture.treasury).topUp(fixture.amina.address, 'cash', { value: 100n * ONE_COIN })).wait();
  return fixture;
}
