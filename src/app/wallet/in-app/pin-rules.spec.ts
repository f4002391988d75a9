import { newPinProblem } from './pin-rules';

describe('new PIN rules', () => {
  it('takes six or more digits typed twice the same', () => {
    expect(newPinProblem('482915', '482915')).toBeNull();
    expect(newPinProblem('48291573', '48291573')).toBeNull();
  });

  it('says in words what is wrong with a PIN', () => {
    expect(newPinProblem('', '')).toMatch(/digits only/);
    expect(newPinProblem('48a915', '48a915')).toMatch(/digits only/);
    expect(newPinProblem('48291', '48291')).toMatch(/at least 6 digits/);
    expect(newPinProblem('111111', '111111')).toMatch(/too easy/);
    expect(newPinProblem('123456', '123456')).toMatch(/too easy/);
    expect(newPinProblem('654321', '654321')).toMatch(/too easy/);
    expect(newPinProblem('482915', '482916')).toMatch(/differ/);
  });
});
