import { inspect, toBusinessHoursDoc, toMenuDoc } from './auto-receptionist.rules';
import { Menu, SubMenuAction } from './dto/menu.dto';
import { WeeklyHours } from './dto/schedule.dto';

const fields = (input: Parameters<typeof inspect>[0]) => inspect(input).problems.map(({ field }) => field);

describe('inspect: business hours', () => {
  it('accepts touching intervals in any order and sorts them', () => {
    const businessHours = {
      monday: [
        { open: '13:00', close: '24:00' },
        { open: '00:00', close: '13:00' },
      ],
    } as WeeklyHours;
    expect(fields({ businessHours })).toEqual([]);
    expect(toBusinessHoursDoc(businessHours).monday).toEqual([
      { open: '00:00', close: '13:00' },
      { open: '13:00', close: '24:00' },
    ]);
    expect(toBusinessHoursDoc(businessHours).sunday).toEqual([]);
  });

  it('names the later-listed interval of each overlap, including one inside a long one', () => {
    const businessHours = {
      monday: [
        { open: '08:00', close: '18:00' },
        { open: '09:00', close: '10:00' },
        { open: '17:30', close: '19:00' },
      ],
      friday: [
        { open: '12:00', close: '14:00' },
        { open: '09:00', close: '12:30' },
      ],
    } as WeeklyHours;
    const { problems } = inspect({ businessHours });
    expect(problems).toEqual([
      { field: 'businessHours.monday[1]', message: '09:00–10:00 overlaps businessHours.monday[0] (08:00–18:00)' },
      { field: 'businessHours.monday[2]', message: '17:30–19:00 overlaps businessHours.monday[0] (08:00–18:00)' },
      { field: 'businessHours.friday[1]', message: '09:00–12:30 overlaps businessHours.friday[0] (12:00–14:00)' },
    ]);
  });

  it('refuses close not after open', () => {
    expect(
      fields({
        businessHours: {
          sunday: [
            { open: '10:00', close: '10:00' },
            { open: '23:00', close: '01:00' },
          ],
        } as WeeklyHours,
      }),
    ).toEqual(['businessHours.sunday[0].close', 'businessHours.sunday[1].close']);
  });
});

describe('inspect: menus', () => {
  const hangUp = { type: 'HANG_UP' } as const;
  const nest = (levels: number): Menu => {
    let menu = { options: [{ key: '1', action: hangUp }] } as unknown as Menu;
    for (let level = 1; level < levels; level += 1)
      menu = { options: [{ key: '1', action: { type: 'SUB_MENU', menu } }] } as unknown as Menu;
    return menu;
  };

  it('allows five levels of menus and refuses the sixth at its exact path', () => {
    expect(fields({ menu: nest(5) })).toEqual([]);
    expect(fields({ menu: nest(6) })).toEqual(['menu' + '.options[0].action.menu'.repeat(5)]);
    const afterHours = (menu: Menu) => ({ type: 'SUB_MENU', menu }) as unknown as SubMenuAction;
    expect(fields({ afterHours: afterHours(nest(5)) })).toEqual([]);
    expect(fields({ afterHours: afterHours(nest(6)) })).toEqual([
      'afterHours.menu' + '.options[0].action.menu'.repeat(5),
    ]);
  });

  it('collects the users and recordings a menu names, with their paths', () => {
    const menu = {
      prompt: { type: 'RECORDING', recordingId: 'r1' },
      options: [
        { key: '1', action: { type: 'USER', userId: 'u1' } },
        { key: '2', action: { type: 'VOICEMAIL' } },
        {
          key: '3',
          action: { type: 'SUB_MENU', menu: { options: [{ key: '#', action: { type: 'VOICEMAIL', userId: 'u2' } }] } },
        },
      ],
      invalidKeyAction: { type: 'USER', userId: 'u3' },
    } as unknown as Menu;
    expect(inspect({ menu }).references).toEqual([
      { kind: 'recording', id: 'r1', field: 'menu.prompt.recordingId' },
      { kind: 'user', id: 'u1', field: 'menu.options[0].action.userId' },
      { kind: 'user', id: 'u2', field: 'menu.options[2].action.menu.options[0].action.userId' },
      { kind: 'user', id: 'u3', field: 'menu.invalidKeyAction.userId' },
    ]);
    expect(toMenuDoc(menu).options[1]).toEqual({ key: '2', action: { type: 'VOICEMAIL', userId: null } });
  });
});
